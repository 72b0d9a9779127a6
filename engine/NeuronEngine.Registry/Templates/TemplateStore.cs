using NeuronEngine.Core;

namespace NeuronEngine.Registry.Templates;

/// <summary>Signal templates per tenant: Drafts are edited, Published ones are frozen for reproducible runs.</summary>
/// <remarks>
/// Thread-safe. Every write runs in one <c>BEGIN IMMEDIATE</c> transaction, so checks against event types
/// (which may be deleted concurrently) and the write that depends on them see the same state.
/// </remarks>
public sealed partial class TemplateStore
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

    /// <summary>
    /// Creates a Draft. Throws InvalidArgument (any field, or <c>signals[i].type</c> for an unknown event type) or
    /// AlreadyExists when the client-supplied id is taken. An empty id is replaced by a generated one.
    /// </summary>
    public Template Create(string tenant, TemplateSpec spec)
    {
        RegistryRules.RequireTenant(tenant);
        TemplateValidator.Validate(spec, idRequired: false);
        var id = string.IsNullOrEmpty(spec.TemplateId) ? NewTemplateId() : spec.TemplateId;
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
                throw NeuronException.AlreadyExists($"template \"{id}\" already exists");
            }
        }

        InsertSignals(connection, transaction, tenant, id, spec.Signals);
        var created = Read(connection, transaction, tenant, id)!;
        transaction.Commit();
        return created;
    }

    /// <summary>
    /// Replaces the editable fields (name, signals, min_total_events, tag_filter) of a Draft. Throws InvalidArgument,
    /// NotFound, or FailedPrecondition for a Published template.
    /// </summary>
    public Template Update(string tenant, TemplateSpec spec)
    {
        RegistryRules.RequireTenant(tenant);
        TemplateValidator.Validate(spec, idRequired: true);
        var id = spec.TemplateId!;

        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        if (ReadStatus(connection, transaction, tenant, id) == TemplateStatus.Published)
        {
            throw NeuronException.FailedPrecondition(
                $"template \"{id}\" is Published and cannot be edited: runs must be reproducible from it; create a new template instead");
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

    /// <summary>Deletes a template in any status. Throws InvalidArgument (<c>template_id</c>) or NotFound.</summary>
    public void Delete(string tenant, string templateId)
    {
        RegistryRules.RequireTenant(tenant);
        RegistryRules.Check("template_id", TemplateRules.ValidateTemplateId(templateId));

        using var connection = database.Open();
        using var command = connection.Command(null, "DELETE FROM templates WHERE tenant = $tenant AND template_id = $id")
            .With("$tenant", tenant).With("$id", templateId);
        if (command.ExecuteNonQuery() == 0)
        {
            throw NotFound(templateId);
        }
    }

    /// <summary>Returns one template with its effective weights. Throws InvalidArgument (<c>template_id</c>) or NotFound.</summary>
    public Template Get(string tenant, string templateId)
    {
        RegistryRules.RequireTenant(tenant);
        RegistryRules.Check("template_id", TemplateRules.ValidateTemplateId(templateId));

        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: true);
        return Read(connection, transaction, tenant, templateId) ?? throw NotFound(templateId);
    }

    /// <summary>Returns a tenant's templates ordered by id, optionally only those in <paramref name="status"/>.</summary>
    public IReadOnlyList<Template> List(string tenant, TemplateStatus? status = null)
    {
        RegistryRules.RequireTenant(tenant);
        if (status is { } s && !Enum.IsDefined(s))
        {
            NeuronException.ThrowInvalidArgument("status", $"unknown template status {(int)s}");
        }

        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: true);
        return ReadMany(connection, transaction, tenant, null, status);
    }

    /// <summary>Time-ordered (UUIDv7), so generated ids list roughly in creation order; 32 hex digits match the id rule.</summary>
    private static string NewTemplateId() => Guid.CreateVersion7().ToString("N");

    private static NeuronException NotFound(string templateId) => NeuronException.NotFound($"template \"{templateId}\" not found");
}
