namespace NeuronEngine.Server.Console.Api;

/// <summary>The body of a console JSON endpoint's refusal.</summary>
/// <param name="Error">What went wrong, in words.</param>
/// <param name="SignIn">Where to sign in again, when that is the remedy.</param>
internal sealed record ConsoleApiError(string Error, string? SignIn);
