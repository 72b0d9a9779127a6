using NeuronEngine.ElfPatch;

// Run by build/TorchSharpNative.targets on the copies of native libraries in bin/ and publish/, one line per file.
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: NeuronEngine.ElfPatch <shared-object>...");
    return 2;
}

var patcher = new ElfVersionPatcher(HostLibraries.DefinedVersions);
var failed = false;
foreach (var path in args)
{
    try
    {
        var report = patcher.PatchFile(path);
        Console.WriteLine(report.Describe(path));
        failed |= report.Failed;
    }
    catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
    {
        Console.WriteLine($"{path}: cannot read or patch: {e.Message}");
        failed = true;
    }
}

return failed ? 1 : 0;
