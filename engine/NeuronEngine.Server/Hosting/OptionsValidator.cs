using Microsoft.Extensions.Options;

namespace NeuronEngine.Server.Hosting;

/// <summary>Adapts a component's own <c>Validate()</c> (which lists every broken rule) to the options pipeline, so start-up fails on bad configuration.</summary>
internal sealed class OptionsValidator<TOptions>(Func<TOptions, IReadOnlyList<string>> validate) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var errors = validate(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
