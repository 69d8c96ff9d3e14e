using System.Reflection;

namespace NetGen.Samples.DigitApp;

/// <summary>The page's files (Page/*), embedded in the assembly and served from memory.</summary>
public static class PageFiles
{
    static readonly Dictionary<string, (byte[] Content, string ContentType)> Files = Load();

    static Dictionary<string, (byte[], string)> Load()
    {
        var assembly = typeof(PageFiles).Assembly;
        var files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (string resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Page/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            string name = resource["Page/".Length..];
            files[name] = (memory.ToArray(), ContentType(name));
        }
        return files;
    }

    static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };

    /// <summary>The file, or a 404 for a name the page does not have.</summary>
    public static IResult Result(string name) =>
        Files.TryGetValue(name, out var file) ? Results.Bytes(file.Content, file.ContentType) : Results.NotFound();
}
