namespace NetGen;

/// <summary>
/// Compiles trained weights into the assembly: <paramref name="path"/> names a safetensors file that the project lists
/// as <c>&lt;AdditionalFiles Include="..." /&gt;</c>. At build time the generator checks every tensor's name, dtype and
/// shape against the architecture (a diagnostic on this attribute for each mismatch) and embeds the weights, so the
/// generated <c>Pretrained()</c> factory returns a ready network with no file I/O. Limit: 64 MB of weights.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class WeightsAttribute(string path) : Attribute
{
    public string Path { get; } = path;
}
