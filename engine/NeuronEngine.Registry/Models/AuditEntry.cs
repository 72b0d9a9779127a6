namespace NeuronEngine.Registry.Models;

/// <summary>One line of a tenant's audit log: who approved or promoted what, and how it ended.</summary>
/// <param name="Id">Increasing per tenant.</param>
/// <param name="At">When it happened (UTC); for a promotion, when it finished.</param>
/// <param name="Actor">Who did it.</param>
/// <param name="Action"><c>approve</c> or <c>promote</c> (see <see cref="AuditActions"/>).</param>
/// <param name="Target">What it acted on: <c>family@version</c>, or <c>family@version -&gt; endpoint</c> for a promotion.</param>
/// <param name="Result"><c>succeeded</c>, or <c>failed: &lt;error&gt;</c>.</param>
public sealed record AuditEntry(long Id, DateTimeOffset At, string Actor, string Action, string Target, string Result);
