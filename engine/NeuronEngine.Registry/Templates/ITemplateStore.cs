namespace NeuronEngine.Registry.Templates;

/// <summary>Signal templates per tenant: Drafts are edited, Published ones are frozen for reproducible runs.</summary>
/// <remarks>
/// Served by <see cref="TemplateStore"/> (SQLite, single node) or <see cref="RedisTemplateStore"/> (cluster mode).
/// Thread-safe. Every write is one transaction, so checks against event types (which may be deleted concurrently) and
/// the write that depends on them see the same state.
/// </remarks>
public interface ITemplateStore
{
    /// <summary>
    /// Creates a Draft. Throws InvalidArgument (any field, or <c>signals[i].type</c> for an unknown event type) or
    /// AlreadyExists when the client-supplied id is taken. An empty id is replaced by a generated one.
    /// </summary>
    Template Create(string tenant, TemplateSpec spec);

    /// <summary>
    /// Replaces the editable fields (name, signals, min_total_events, tag_filter) of a Draft. Throws InvalidArgument,
    /// NotFound, or FailedPrecondition for a Published template.
    /// </summary>
    Template Update(string tenant, TemplateSpec spec);

    /// <summary>
    /// Publishes a Draft: re-checks that every event type still exists and freezes each signal's effective weight.
    /// Throws NotFound, or FailedPrecondition when it is already Published or names event types that no longer exist.
    /// </summary>
    Template Publish(string tenant, string templateId);

    /// <summary>Deletes a template in any status. Throws InvalidArgument (<c>template_id</c>) or NotFound.</summary>
    void Delete(string tenant, string templateId);

    /// <summary>Returns one template with its effective weights. Throws InvalidArgument (<c>template_id</c>) or NotFound.</summary>
    Template Get(string tenant, string templateId);

    /// <summary>Returns a tenant's templates ordered by id, optionally only those in <paramref name="status"/>.</summary>
    IReadOnlyList<Template> List(string tenant, TemplateStatus? status = null);
}
