using Grpc.Core;
using NeuronEngine.Engine.Telemetry;
using NeuronEngine.Engine.Tests.Telemetry;
using NeuronEngine.Server.Telemetry;

namespace NeuronEngine.Server.Tests.Telemetry;

public sealed class GrpcMetricsTests : IDisposable
{
    private readonly MeasurementRecorder recorder = new();

    [Theory]
    [InlineData(StatusCode.OK, "OK")]
    [InlineData(StatusCode.InvalidArgument, "INVALID_ARGUMENT")]
    [InlineData(StatusCode.FailedPrecondition, "FAILED_PRECONDITION")]
    [InlineData(StatusCode.Unauthenticated, "UNAUTHENTICATED")]
    [InlineData((StatusCode)99, "UNKNOWN")]
    public void StatusName_Code_AsGrpcSpellsIt(StatusCode code, string expected)
    {
        Assert.Equal(expected, GrpcMetrics.StatusName(code));
    }

    [Fact]
    public void Record_Call_MethodAndStatusLabels()
    {
        var metrics = new GrpcMetrics(recorder.Meters);

        metrics.Record("/neuron.v1.EventService/Track", StatusCode.NotFound, 0.002);

        var call = Assert.Single(recorder.Of("neuron.grpc.server.duration"));
        Assert.Equal(("/neuron.v1.EventService/Track", "NOT_FOUND"), ((string?)call.Tags["method"], (string?)call.Tags["status"]));
        Assert.Equal(0.002, call.Value, 9);
    }

    public void Dispose() => recorder.Dispose();
}
