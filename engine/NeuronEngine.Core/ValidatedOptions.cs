using Microsoft.Extensions.Options;

namespace NeuronEngine.Core;

/// <summary>Options that know their own rules: <see cref="Validate"/> lists every broken one, each naming its key.</summary>
public interface IValidatedOptions
{
    /// <summary>Every broken rule (<c>Section:Key must be …, got …</c>); empty when the options are valid.</summary>
    IReadOnlyList<string> Validate();
}

/// <summary>
/// The options pipeline's check for an <see cref="IValidatedOptions"/> section: register it with <c>TryAddEnumerable</c>
/// and <c>ValidateOnStart</c>, so a bad section stops start-up and is never re-checked by the component it configures.
/// </summary>
public sealed class ValidatedOptionsValidator<TOptions> : IValidateOptions<TOptions>
    where TOptions : class, IValidatedOptions
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
