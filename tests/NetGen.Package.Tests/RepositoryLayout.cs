using System.Reflection;

namespace NetGen.Package.Tests;

/// <summary>Where the repository is and which configuration this test assembly was built in (from its metadata).</summary>
static class RepositoryLayout
{
    public static string Root { get; } = Metadata("RepositoryRoot");
    public static string Configuration { get; } = Metadata("Configuration");

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    static string Metadata(string key) =>
        typeof(RepositoryLayout).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"assembly metadata '{key}' is missing.");
}
