using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using NeuronEngine.Contracts.V1;
using NeuronEngine.Core;
using NeuronEngine.Engine.Training;
using NeuronEngine.Server.Console.Components;

namespace NeuronEngine.Server.Console.Api;

/// <summary>
/// <c>POST /console/datasets/upload</c>: the Datasets page's upload form (<c>multipart/form-data</c>), read as a stream
/// and handed to <see cref="DatasetUploader"/> — the class <c>UploadDataset</c> calls — chunk by chunk, so its checks
/// (the header, <c>Training:MaxDatasetBytes</c> while the bytes arrive, <c>Limits:MaxDatasetLineBytes</c>, every line's
/// fields) and their messages are the API's, and nothing of the file is held in memory beyond one 64 KiB buffer.
/// </summary>
/// <remarks>
/// <para>The form's fields come in document order: the anti-forgery token first (validated before anything else is
/// read, by the framework's own <see cref="IAntiforgery"/>: the token is handed to it as the request header it accepts,
/// so it never reads the form), then the tenant the page was for (checked against the session's before the file is
/// read), the dataset id and description, then the file.</para>
/// <para>app.js sends the form with <c>Accept: application/json</c> to show its progress: the answer is
/// <see cref="UploadAnswer"/>. A plain form POST (no script) is answered with a redirect: to the list, or back to the
/// form with the refusal sealed in the query string (<see cref="UploadFailure"/>, data-protected and valid 10 minutes),
/// so the page shows the engine's message at the input it names.</para>
/// </remarks>
internal static class DatasetUpload
{
    public const string Path = "/console/datasets/upload";
    public const string IdField = "Upload.DatasetId";
    public const string DescriptionField = "Upload.Description";
    public const string FileField = "Upload.File";

    /// <summary>The page's input ids, which refusals name.</summary>
    public const string IdInput = "upload-id";
    public const string DescriptionInput = "upload-description";
    public const string FileInput = "upload-file";

    /// <summary>The query parameter carrying a sealed <see cref="UploadFailure"/> back to the page.</summary>
    public const string FailedParameter = "failed";

    private const string ProtectorPurpose = "NeuronEngine.Console.DatasetUpload.Failure";
    private const int MaxFieldChars = 16 * 1024;
    private const int MaxRefilledDescription = 1000;

    /// <summary>Room for the form's other fields and the multipart framing on top of the file's own limit.</summary>
    private const long FormOverhead = 1L << 20;

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(Path, UploadAsync).WithMetadata(ConsoleEndpoint.Page).DisableAntiforgery();

    /// <summary>A refusal sealed for the page, or null when <paramref name="sealedFailure"/> is not one this engine made in the last 10 minutes.</summary>
    public static UploadFailure? Unseal(IDataProtectionProvider protection, ConsoleUser user, string? sealedFailure)
    {
        ArgumentNullException.ThrowIfNull(protection);
        ArgumentNullException.ThrowIfNull(user);
        if (string.IsNullOrEmpty(sealedFailure))
        {
            return null;
        }

        try
        {
            var json = Protector(protection, user).Unprotect(sealedFailure);
            return JsonSerializer.Deserialize(json, DatasetUploadJsonContext.Default.UploadFailure);
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The page's input for a field the engine named (<c>dataset_id</c>, <c>description</c>, <c>chunk</c>, <c>line 3</c>), or null.</summary>
    public static string? InputFor(string? field) => field switch
    {
        "dataset_id" => IdInput,
        "description" => DescriptionInput,
        "chunk" => FileInput,
        not null when field.StartsWith("line ", StringComparison.Ordinal) => FileInput,
        _ => null,
    };

    private static async Task UploadAsync(
        HttpContext context, IAntiforgery antiforgery, IOptions<AntiforgeryOptions> antiforgeryOptions, DatasetUploader uploader,
        IOptions<TrainingOptions> training, IDataProtectionProvider protection)
    {
        var user = context.Features.Get<ConsoleUser>()!;
        var json = WantsJson(context.Request);
        var cancellationToken = context.RequestAborted;

        // The file's own limit is the engine's, counted as the bytes arrive; this only bounds the whole request.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            var limit = training.Value.MaxDatasetBytes;
            size.MaxRequestBodySize = limit > long.MaxValue - FormOverhead ? null : limit + FormOverhead;
        }

        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type)
            || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            await Answer(context, json, StatusCodes.Status415UnsupportedMediaType, "the upload must be the Datasets page's form (multipart/form-data)");
            return;
        }

        var reader = new MultipartReader(boundary, context.Request.Body) { HeadersLengthLimit = 16 * 1024 };
        MultipartSection? section;
        string? token;
        try
        {
            section = await reader.ReadNextSectionAsync(cancellationToken);
            token = section is not null && FieldOf(section) is (var first, _) && first == antiforgeryOptions.Value.FormFieldName
                ? await ReadTextAsync(section, 4096, cancellationToken)
                : null;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            await Answer(context, json, StatusCodes.Status400BadRequest, "the upload is not a well-formed multipart form");
            return;
        }

        try
        {
            if (token is null || antiforgeryOptions.Value.HeaderName is not { } header)
            {
                throw new AntiforgeryValidationException("the anti-forgery token must be the form's first field");
            }

            context.Request.Headers[header] = token;
            await antiforgery.ValidateRequestAsync(context);
        }
        catch (AntiforgeryValidationException)
        {
            await Answer(context, json, StatusCodes.Status400BadRequest, "the form's anti-forgery token is missing or not valid: open the Datasets page again");
            return;
        }

        string tenant;
        try
        {
            user.Require(ConsoleCalls.UploadDataset);
            tenant = user.WritableTenant;
        }
        catch (NeuronException ex)
        {
            await Answer(context, json, ConsolePage.StatusFor(ex), Errors.ErrorMapping.PublicMessage(ex));
            return;
        }

        string? datasetId = null;
        string? description = null;
        string? formTenant = null;
        try
        {
            while ((section = await reader.ReadNextSectionAsync(cancellationToken)) is not null)
            {
                var (name, fileName) = FieldOf(section);
                if (name == IdField)
                {
                    datasetId = await ReadTextAsync(section, MaxFieldChars, cancellationToken);
                }
                else if (name == DescriptionField)
                {
                    description = await ReadTextAsync(section, MaxFieldChars, cancellationToken);
                }
                else if (name == ConsoleGate.TenantField)
                {
                    formTenant = await ReadTextAsync(section, MaxFieldChars, cancellationToken);
                }
                else if (name == FileField && fileName is not null)
                {
                    // The gate checks the pages' (url-encoded) forms; this one is read here as it streams.
                    if (ConsoleGate.TenantMismatch(formTenant, user) is { } wrongTenant)
                    {
                        await Answer(context, json, StatusCodes.Status409Conflict, wrongTenant);
                        return;
                    }

                    var upload = new UploadDatasetHeader { DatasetId = datasetId?.Trim() ?? string.Empty, Description = description ?? string.Empty };
                    var dataset = await uploader.UploadAsync(tenant, upload, ChunksAsync(section.Body, cancellationToken), cancellationToken);
                    await Done(context, json, dataset.DatasetId);
                    return;
                }
            }

            throw NeuronException.InvalidArgument("chunk", "choose a JSON Lines file to upload");
        }
        catch (NeuronException ex)
        {
            await Refuse(context, json, protection, ex, datasetId, description);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await Answer(context, json, StatusCodes.Status413PayloadTooLarge, ex.Message);
        }
        catch (Exception ex) when (ex is InvalidDataException or (IOException and not BadHttpRequestException) && !cancellationToken.IsCancellationRequested)
        {
            // Nothing is kept: the uploader discards its staging file unless the whole file arrived and passed.
            await Answer(context, json, StatusCodes.Status400BadRequest, "the upload is not a well-formed multipart form (cut short?)");
        }
    }

    private static bool WantsJson(HttpRequest request) =>
        request.Headers.Accept.Any(a => a?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true);

    private static (string? Name, string? FileName) FieldOf(MultipartSection section)
    {
        if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
            || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
        {
            return (null, null);
        }

        var fileName = disposition.IsFileDisposition()
            ? HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? string.Empty
            : null;
        return (HeaderUtilities.RemoveQuotes(disposition.Name).Value, fileName);
    }

    /// <summary>A text field, at most <paramref name="max"/> characters (one more, when longer: the engine's rule refuses it).</summary>
    private static async Task<string> ReadTextAsync(MultipartSection section, int max, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(section.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 4096, leaveOpen: true);
        var buffer = new char[max + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await reader.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        return new string(buffer, 0, length);
    }

    /// <summary>The file's bytes through one pooled buffer: <see cref="DatasetUploader"/> writes each chunk before asking for the next.</summary>
    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> ChunksAsync(Stream body, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                yield return buffer.AsMemory(0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static Task Done(HttpContext context, bool json, string datasetId)
    {
        var next = $"/console/datasets?done=uploaded&dataset={Uri.EscapeDataString(datasetId)}";
        if (json)
        {
            return context.Response.WriteAsJsonAsync(new UploadAnswer(next, null, null), DatasetUploadJsonContext.Default.UploadAnswer);
        }

        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = next;
        return Task.CompletedTask;
    }

    private static async Task Refuse(HttpContext context, bool json, IDataProtectionProvider protection, NeuronException error, string? datasetId, string? description)
    {
        // Read what the browser is still sending (bounded by the request's limit), so it gets the answer rather than a reset connection.
        await DrainAsync(context);
        var input = InputFor(error.Field);
        var message = ConsolePage.PublicMessage(error, context.RequestServices.GetRequiredService<ILoggerFactory>(), context.Request.Path.Value);
        if (json)
        {
            await Answer(context, json, ConsolePage.StatusFor(error), message, input);
            return;
        }

        var failure = new UploadFailure(message, input, Shorten(datasetId, 200), Shorten(description, MaxRefilledDescription));
        var sealedFailure = Protector(protection, context.Features.Get<ConsoleUser>()!).Protect(JsonSerializer.Serialize(failure, DatasetUploadJsonContext.Default.UploadFailure), TimeSpan.FromMinutes(10));
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = $"/console/datasets?{FailedParameter}={Uri.EscapeDataString(sealedFailure)}";
    }

    private static async Task DrainAsync(HttpContext context)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            while (await context.Request.Body.ReadAsync(buffer, context.RequestAborted) > 0)
            {
            }
        }
        catch (Exception ex) when (ex is BadHttpRequestException or IOException or OperationCanceledException)
        {
            // Past the request's limit, or the browser gave up: answer anyway.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static Task Answer(HttpContext context, bool json, int status, string message, string? input = null)
    {
        context.Response.StatusCode = status;
        if (json)
        {
            return context.Response.WriteAsJsonAsync(new UploadAnswer(null, message, input), DatasetUploadJsonContext.Default.UploadAnswer);
        }

        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(message);
    }

    /// <summary>Sealed for one key and tenant: a link carrying another person's refusal (and its refilled text) shows nothing.</summary>
    private static ITimeLimitedDataProtector Protector(IDataProtectionProvider protection, ConsoleUser user) =>
        protection.CreateProtector(ProtectorPurpose, user.Caller.KeyId ?? user.Caller.Name, user.Tenant).ToTimeLimitedDataProtector();

    private static string? Shorten(string? text, int max) => text is null || text.Length <= max ? text : text[..max];
}

/// <summary>The upload's answer to app.js: where to go next, or the engine's refusal and the input it concerns.</summary>
/// <param name="Next">The page to show after a successful upload.</param>
/// <param name="Error">The refusal, in the engine's words.</param>
/// <param name="Input">The id of the input the refusal concerns, or null for the whole form.</param>
internal sealed record UploadAnswer(string? Next, string? Error, string? Input);

/// <summary>A refused upload, sealed into the redirect back to the page (no script): the message, its input, and what was typed.</summary>
internal sealed record UploadFailure(string Error, string? Input, string? DatasetId, string? Description);

/// <summary>The upload's JSON, serialized without reflection, in camelCase.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(UploadAnswer))]
[JsonSerializable(typeof(UploadFailure))]
internal sealed partial class DatasetUploadJsonContext : JsonSerializerContext;
