using Google.Protobuf.WellKnownTypes;
using NeuronEngine.Contracts.V1;
using Endpoint = NeuronEngine.Contracts.V1.Endpoint;
using NeuronEngine.Registry.Models;

namespace NeuronEngine.Server.Services;

internal static partial class ContractMapping
{
    public static Family ToContract(this ModelFamily family)
    {
        var result = new Family { Family_ = family.Family.ToString(), Tenant = family.Family.OwnerTenant, LatestVersion = family.LatestVersion };
        if (family.ProductionVersion is { } production)
        {
            result.ProductionVersion = production;
        }

        return result;
    }

    public static Contracts.V1.ModelVersion ToContract(this RegisteredVersion version)
    {
        var result = new Contracts.V1.ModelVersion
        {
            Family = version.Family.ToString(),
            Version = version.Version,
            Name = version.Name,
            Label = version.Label,
            Description = version.Description,
            Status = version.Status == ModelVersionStatus.Approved ? VersionStatus.Approved : VersionStatus.Pending,
            Created = Timestamp.FromDateTimeOffset(version.Created),
            RunId = version.RunId ?? "",
            Manifest = version.Manifest,
        };
        foreach (var (name, value) in version.Metrics)
        {
            result.Metrics[name] = value;
        }

        return result;
    }

    public static Endpoint ToContract(this ModelEndpoint endpoint) => new()
    {
        Name = endpoint.Name,
        Family = endpoint.Family?.ToString() ?? "",
        Version = endpoint.Version ?? 0,
        VersionName = endpoint.VersionName ?? "",
        Label = endpoint.Label ?? "",
        Status = endpoint.Status switch
        {
            ModelEndpointStatus.InService => EndpointStatus.InService,
            ModelEndpointStatus.Updating => EndpointStatus.Updating,
            ModelEndpointStatus.Failed => EndpointStatus.Failed,
            _ => EndpointStatus.None,
        },
        Since = endpoint.Since is { } since ? Timestamp.FromDateTimeOffset(since) : null,
        LastError = endpoint.LastError ?? "",
    };

    public static Promotion ToContract(this EndpointPromotion promotion)
    {
        var result = new Promotion
        {
            Endpoint = promotion.Endpoint,
            Family = promotion.Target.Family.ToString(),
            Version = promotion.Target.Version,
            Actor = promotion.Actor,
            At = Timestamp.FromDateTimeOffset(promotion.Requested),
            Result = promotion.Result switch
            {
                PromotionResult.Succeeded => "succeeded",
                PromotionResult.Failed => "failed",
                _ => "in progress",
            },
            Error = promotion.Error ?? "",
        };
        if (promotion.Previous is { } previous)
        {
            result.PreviousVersion = previous.Version;
        }

        return result;
    }
}
