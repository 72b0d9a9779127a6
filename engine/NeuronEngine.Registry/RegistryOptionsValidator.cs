using Microsoft.Extensions.Options;

namespace NeuronEngine.Registry;

/// <summary>Reports every broken <see cref="RegistryOptions"/> rule at once when options are validated on start.</summary>
internal sealed class RegistryOptionsValidator : IValidateOptions<RegistryOptions>
{
    public ValidateOptionsResult Validate(string? name, RegistryOptions options)
    {
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
