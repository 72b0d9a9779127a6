using NeuronEngine.Core;

namespace NeuronEngine.Registry.Templates;

/// <summary>The SQLite <see cref="ITemplateStore"/> of single-node mode.</summary>
/// <remarks>
/// Thread-safe. Every write runs in one <c>BEGIN IMMEDIATE</c> transaction, so checks against event types
/// (which may be deleted concurrently) and the write that depends on them see the same state.
/// </remarks>
public sealed partial class TemplateStore : ITemplateStore
{
    private readonly RegistryDatabase database;
    private readonly TimeProvider time;

    public TemplateStore(RegistryDatabase database, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(time);
        this.database = database;
        this.time = time;
    }

    /// <inheritdoc/>
    public Template Create(string tenant, TemplateSpec spec)
    {
        RegistryRules.RequireTenant(tenant);
        TemplateValidator.Validate(spec, idRequired: false);
        var id = IdFor(spec);
        var now = time.GetUtcNow().UtcTicks;

        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        RequireKnownTypes(connection, transaction, tenant, spec.Signals);

        using (var command = connection.Command(transaction, """
            INSERT INTO templates (tenant, template_id, name, min_total_events, tag_filter, status, created, updated, published)
            VALUES ($tenant, $id, $name, $min, $tag, $status, $now, $now, NULL)
            ON CONFLICT (tenant, template_id) DO NOTHING
            """))
        {
            command.With("$tenant", tenant).With("$id", id).With("$name", spec.Name).With("$min", spec.MinTotalEvents)
                .With("$tag", spec.TagFilter ?? string.Empty).With("$status", (int)TemplateStatus.Draft).With("$now", now);
            if (command.ExecuteNonQuery() == 0)
            {
                throw AlreadyExists(id);
            }
        }

        InsertSignals(connection, transaction, tenant, id, spec.Signals);
        var created = Read(connection, transaction, tenant, id)!;
        transaction.Commit();
        return created;
    }

    /// <inheritdoc/>
    public Template Update(string tenant, TemplateSpec spec)
    {
        RegistryRules.RequireTenant(tenant);
        TemplateValidator.Validate(spec, idRequired: true);
        var id = spec.TemplateId!;

        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        if (ReadStatus(connection, transaction, tenant, id) == TemplateStatus.Published)
        {
            throw NotEditable(id);
        }

        RequireKnownTypes(connection, transaction, tenant, spec.Signals);
        using (var command = connection.Command(transaction, """
            UPDATE templates SET name = $name, min_total_events = $min, tag_filter = $tag, updated = $now
            WHERE tenant = $tenant AND template_id = $id
            """))
        {
            command.With("$tenant", tenant).With("$id", id).With("$name", spec.Name).With("$min", spec.MinTotalEvents)
                .With("$tag", spec.TagFilter ?? string.Empty).With("$now", time.GetUtcNow().UtcTicks).ExecuteNonQuery();
        }

        using (var command = connection.Command(transaction, "DELETE FROM template_signals WHERE tenant = $tenant AND template_id = $id"))
        {
            command.With("$tenant", tenant).With("$id", id).ExecuteNonQuery();
        }

        InsertSignals(connection, transaction, tenant, id, spec.Signals);
        var updated = Read(connection, transaction, tenant, id)!;
        transaction.Commit();
        return updated;
    }

    /// <inheritdoc/>
    public void Delete(string tenant, string templateId)
    {
        ValidateKey(tenant, templateId);

        using var connection = database.Open();
        using var command = connection.Command(null, "DELETE FROM templates WHERE tenant = $tenant AND template_id = $id")
            .With("$tenant", tenant).With("$id", templateId);
        if (command.ExecuteNonQuery() == 0)
        {
            throw NotFound(templateId);
        }
    }

    /// <inheritdoc/>
    public Template Get(string tenant, string templateId)
    {
        ValidateKey(tenant, templateId);

        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: true);
        return Read(connection, transaction, tenant, templateId) ?? throw NotFound(templateId);
    }

    /// <inheritdoc/>
    public IReadOnlyList<Template> List(string tenant, TemplateStatus? status = null)
    {
        RegistryRules.RequireTenant(tenant);
        ValidateStatusFilter(status);

        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: true);
        return ReadMany(connection, transaction, tenant, null, status);
    }

    /// <summary>The id a created template gets: the client's, or a generated one when it left it empty.</summary>
    internal static string IdFor(TemplateSpec spec) => string.IsNullOrEmpty(spec.TemplateId) ? NewTemplateId() : spec.TemplateId;

    /// <summary>The checks every call naming one template starts with (both implementations).</summary>
    internal static void ValidateKey(string tenant, string templateId)
    {
        RegistryRules.RequireTenant(tenant);
        RegistryRules.Check("template_id", TemplateRules.ValidateTemplateId(templateId));
    }

    internal static void ValidateStatusFilter(TemplateStatus? status)
    {
        if (status is { } s && !Enum.IsDefined(s))
        {
            NeuronException.ThrowInvalidArgument("status", $"unknown template status {(int)s}");
        }
    }

    /// <summary>Throws InvalidArgument (<c>signals[i].type</c>) for the first signal whose type <paramref name="exists"/> denies.</summary>
    internal static void RequireKnownTypes(IReadOnlyList<SignalSpec> signals, Func<string, bool> exists)
    {
        for (var i = 0; i < signals.Count; i++)
        {
            if (!exists(signals[i].Type))
            {
                NeuronException.ThrowInvalidArgument($"signals[{i}].type", $"unknown event type \"{signals[i].Type}\"");
            }
        }
    }

    internal static NeuronException NotFound(string templateId) => NeuronException.NotFound($"template \"{templateId}\" not found");

    internal static NeuronException AlreadyExists(string templateId) => NeuronException.AlreadyExists($"template \"{templateId}\" already exists");

    internal static NeuronException NotEditable(string templateId) => NeuronException.FailedPrecondition(
        $"template \"{templateId}\" is Published and cannot be edited: runs must be reproducible from it; create a new template instead");

    internal static NeuronException AlreadyPublished(string templateId) =>
        NeuronException.FailedPrecondition($"template \"{templateId}\" is already Published");

    /// <param name="templateId">The template being published.</param>
    /// <param name="missing">Its signals' types that no longer exist, in signal order.</param>
    internal static NeuronException TypesGone(string templateId, IEnumerable<string> missing) => NeuronException.FailedPrecondition(
        $"template \"{templateId}\" uses event types that no longer exist: {string.Join(", ", missing.Select(t => $"\"{t}\""))}; " +
        "create them or remove those signals, then publish");

    /// <summary>Time-ordered (UUIDv7), so generated ids list roughly in creation order; 32 hex digits match the id rule.</summary>
    private static string NewTemplateId() => Guid.CreateVersion7().ToString("N");
}
