using Google.Protobuf.WellKnownTypes;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Registry.Catalog;
using NeuronEngine.Registry.Templates;
using ContractEventType = NeuronEngine.Contracts.V1.EventType;
using ContractTemplate = NeuronEngine.Contracts.V1.Template;
using ContractTemplateStatus = NeuronEngine.Contracts.V1.TemplateStatus;
using RegistryEventType = NeuronEngine.Registry.EventTypes.EventType;
using RegistryTemplate = NeuronEngine.Registry.Templates.Template;
using RegistryTemplateStatus = NeuronEngine.Registry.Templates.TemplateStatus;

namespace NeuronEngine.Server.Services;

/// <summary>Maps registry records to and from neuron.v1 messages.</summary>
internal static partial class ContractMapping
{
    public static ContractEventType ToContract(this RegistryEventType type) => new()
    {
        Type = type.Type,
        Name = type.Name,
        Weight = type.Weight,
        Created = Timestamp.FromDateTimeOffset(type.Created),
        Updated = Timestamp.FromDateTimeOffset(type.Updated),
    };

    public static ContractTemplate ToContract(this RegistryTemplate template)
    {
        var result = new ContractTemplate
        {
            TemplateId = template.TemplateId,
            Name = template.Name,
            MinTotalEvents = template.MinTotalEvents,
            TagFilter = template.TagFilter,
            Status = template.Status == RegistryTemplateStatus.Published ? ContractTemplateStatus.Published : ContractTemplateStatus.Draft,
            Created = Timestamp.FromDateTimeOffset(template.Created),
            Updated = Timestamp.FromDateTimeOffset(template.Updated),
            Published = template.Published is { } published ? Timestamp.FromDateTimeOffset(published) : null,
        };
        foreach (var signal in template.Signals)
        {
            var contract = new Signal { Type = signal.Type, Threshold = signal.Threshold };
            if (signal.Weight is { } weight)
            {
                contract.Weight = weight;
            }

            result.Signals.Add(contract);
        }

        return result;
    }

    public static TemplateSpec ToSpec(this ContractTemplate template) => new(
        string.IsNullOrEmpty(template.TemplateId) ? null : template.TemplateId,
        template.Name,
        template.Signals.Select(s => new SignalSpec(s.Type, s.HasWeight ? s.Weight : null, s.Threshold)).ToArray(),
        template.MinTotalEvents,
        string.IsNullOrEmpty(template.TagFilter) ? null : template.TagFilter);

    public static RegistryTemplateStatus? ToRegistry(this ContractTemplateStatus status) => status switch
    {
        ContractTemplateStatus.Draft => RegistryTemplateStatus.Draft,
        ContractTemplateStatus.Published => RegistryTemplateStatus.Published,
        _ => null,
    };

    public static Item ToContract(this CatalogItem item)
    {
        var result = new Item { ItemId = item.ItemId, Active = item.Active };
        foreach (var (key, value) in item.Attributes)
        {
            result.Attributes[key] = value;
        }

        return result;
    }
}
