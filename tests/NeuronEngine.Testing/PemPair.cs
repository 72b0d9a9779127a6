namespace NeuronEngine.Testing;

/// <summary>A PEM certificate file and its private key file.</summary>
public sealed record PemPair(string Certificate, string Key);
