using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using NeuronEngine.Core;

namespace NeuronEngine.Models.Hosting;

/// <summary>
/// Serves model versions behind one reference per endpoint and swaps them without failing a call.
/// </summary>
/// <remarks>
/// Promote: load the artifact → check the contract → warm up → publish with one atomic exchange → release the old
/// version's endpoint reference; the old session is disposed when its last in-flight call releases it. A version that
/// fails to load or warm up leaves the endpoint serving what it served. Versions are shared: two endpoints (for
/// example two tenants serving one shared base version) hold references to one <see cref="LoadedModel"/>.
/// Promotions of one endpoint are serialised; calls never wait on a promotion. A version's folder missing on this
/// machine is first put in place by the <see cref="IArtifactSource"/>, when there is one (cluster mode).
/// </remarks>
public sealed partial class ModelHost(ModelLoader loader, ILogger<ModelHost> logger, IArtifactSource? source = null) : IDisposable
{
    private readonly ConcurrentDictionary<(string Tenant, string Endpoint), EndpointSlot> endpoints = new();
    private readonly ConcurrentDictionary<VersionKey, LoadedModel> loaded = new();
    private readonly ConcurrentDictionary<VersionKey, SemaphoreSlim> loading = new();

    /// <summary>Versions whose session is alive (loaded and not yet disposed).</summary>
    public IReadOnlyCollection<VersionKey> LiveVersions => [.. loaded.Keys];

    /// <summary>The version the endpoint serves now, or null when it serves nothing. Takes no reference.</summary>
    public VersionKey? ServedVersion(string tenant, string endpoint) =>
        endpoints.TryGetValue((tenant, endpoint), out var slot) ? Volatile.Read(ref slot.Current)?.Key : null;

    /// <summary>Every endpoint that serves a version now, with that version (a snapshot; order unspecified).</summary>
    public IReadOnlyList<(string Tenant, string Endpoint, VersionKey Version)> Served =>
        [.. endpoints.Select(e => (e.Key.Tenant, e.Key.Endpoint, Model: Volatile.Read(ref e.Value.Current)))
            .Where(e => e.Model is not null)
            .Select(e => (e.Tenant, e.Endpoint, e.Model!.Key))];

    /// <summary>
    /// Takes a reference to what the endpoint serves now, or null when it serves nothing. The caller must
    /// <see cref="LoadedModel.Release"/> it when the call is done.
    /// </summary>
    public LoadedModel? Acquire(string tenant, string endpoint)
    {
        if (!endpoints.TryGetValue((tenant, endpoint), out var slot))
        {
            return null;
        }

        while (true)
        {
            var model = Volatile.Read(ref slot.Current);
            if (model is null || model.TryAcquire())
            {
                return model;
            }

            // Retired and disposed between the read and the acquire: the slot already points at its successor.
        }
    }

    /// <summary>
    /// Loads <paramref name="version"/> from <paramref name="artifactDirectory"/> (or reuses it when another endpoint
    /// serves it), warms it up and makes it what the endpoint serves. Throws, leaving the endpoint as it was, when the
    /// artifact breaks the contract or fails to load or warm up. <paramref name="prepare"/>, when given, runs on the
    /// loaded model before it takes traffic (on a low-priority thread): the caller builds what its first requests would
    /// otherwise build on the request path. It is best effort: a failure is logged and the swap goes ahead.
    /// </summary>
    public async Task PromoteAsync(string tenant, string endpoint, VersionKey version, string artifactDirectory, CancellationToken cancellationToken, Action<LoadedModel>? prepare = null)
    {
        var slot = endpoints.GetOrAdd((tenant, endpoint), _ => new EndpointSlot());
        await slot.Promotions.WaitAsync(cancellationToken);
        try
        {
            var started = Stopwatch.GetTimestamp();
            var model = await GetOrLoadAsync(version, artifactDirectory, cancellationToken);
            if (prepare is not null)
            {
                await PrepareAsync(model, prepare);
            }

            var previous = Interlocked.Exchange(ref slot.Current, model);
            previous?.Release();
            var milliseconds = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            Log.Swapped(logger, tenant, endpoint, version, previous?.Key, milliseconds);
        }
        finally
        {
            slot.Promotions.Release();
        }
    }

    private async Task PrepareAsync(LoadedModel model, Action<LoadedModel> prepare)
    {
        try
        {
            await BackgroundWork.RunAsync("prepare model", () =>
            {
                prepare(model);
                return true;
            });
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.PrepareFailed(logger, model.Key, ex);
        }
    }

    /// <summary>Stops serving on the endpoint (nothing promoted → empty recommendations).</summary>
    public void Clear(string tenant, string endpoint)
    {
        if (endpoints.TryGetValue((tenant, endpoint), out var slot))
        {
            Interlocked.Exchange(ref slot.Current, null)?.Release();
        }
    }

    /// <summary>Returns a reference on <paramref name="version"/>: the loaded one when alive, else a fresh load.</summary>
    private async Task<LoadedModel> GetOrLoadAsync(VersionKey version, string artifactDirectory, CancellationToken cancellationToken)
    {
        if (loaded.TryGetValue(version, out var existing) && existing.TryAcquire())
        {
            return existing;
        }

        // Two promotions of the same version (two tenants on one shared base version) must not both load it; loads
        // of different versions go ahead side by side.
        var gate = loading.GetOrAdd(version, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (loaded.TryGetValue(version, out existing) && existing.TryAcquire())
            {
                return existing;
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (source is not null)
            {
                await source.EnsureAsync(version, artifactDirectory, cancellationToken);
            }

            var model = await BackgroundWork.RunAsync($"load {version}", () => loader.Load(version, artifactDirectory, OnDisposed));
            loaded[version] = model;
            return model;
        }
        finally
        {
            gate.Release();
        }
    }

    private void OnDisposed(LoadedModel model)
    {
        loaded.TryRemove(new KeyValuePair<VersionKey, LoadedModel>(model.Key, model));
        Log.Disposed(logger, model.Key);
        MemoryReclaimer.Schedule();
    }

    public void Dispose()
    {
        foreach (var slot in endpoints.Values)
        {
            Interlocked.Exchange(ref slot.Current, null)?.Release();
            slot.Dispose();
        }

        foreach (var gate in loading.Values)
        {
            gate.Dispose();
        }
    }

    /// <summary>What one endpoint serves.</summary>
    private sealed class EndpointSlot : IDisposable
    {
        public LoadedModel? Current;
        public readonly SemaphoreSlim Promotions = new(1, 1);

        public void Dispose() => Promotions.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, EventName = "Swapped", Level = LogLevel.Information, Message = "Endpoint {Tenant}/{Endpoint} now serves {Version} (was {Previous}, empty = nothing); load, check and warm-up took {Milliseconds} ms")]
        public static partial void Swapped(ILogger logger, string tenant, string endpoint, VersionKey version, VersionKey? previous, long milliseconds);

        [LoggerMessage(EventId = 3, EventName = "PrepareFailed", Level = LogLevel.Warning, Message = "Preparing {Version} for traffic failed; it is swapped in anyway and its first requests do the work")]
        public static partial void PrepareFailed(ILogger logger, VersionKey version, Exception exception);

        [LoggerMessage(EventId = 2, EventName = "Disposed", Level = LogLevel.Information, Message = "Model {Version} retired: its last call finished and its session is disposed")]
        public static partial void Disposed(ILogger logger, VersionKey version);
    }
}
