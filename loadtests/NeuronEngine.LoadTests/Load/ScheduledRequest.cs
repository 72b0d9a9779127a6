namespace NeuronEngine.LoadTests.Load;

/// <summary>One arrival of the schedule.</summary>
/// <param name="Index">Position in the whole schedule, warm-up included.</param>
/// <param name="Offset">Intended send time after the run's start.</param>
/// <param name="Segment">The load segment the arrival falls in.</param>
internal readonly record struct ScheduledRequest(long Index, TimeSpan Offset, LoadSegment Segment)
{
    public bool Measured => Segment.Measured;
}
