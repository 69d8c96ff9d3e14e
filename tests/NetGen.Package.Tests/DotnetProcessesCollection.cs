namespace NetGen.Package.Tests;

/// <summary>
/// The tests that run dotnet pack/build/publish share the runtime's build outputs and two cores: one at a time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DotnetProcessesCollection
{
    public const string Name = "dotnet processes";
}
