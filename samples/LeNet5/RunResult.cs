using System.Text.Json;
using System.Text.Json.Serialization;

namespace NetGen.Samples.LeNet5;

/// <summary>What <c>--json</c> writes: the five fields, plus the variant, the whole run's wall time and, when tuning, the validation error.</summary>
public sealed record RunResult(
    [property: JsonPropertyName("dataset")] string Dataset,
    [property: JsonPropertyName("epochs")] int Epochs,
    [property: JsonPropertyName("testErrorPercent")] double TestErrorPercent,
    [property: JsonPropertyName("trainSeconds")] double TrainSeconds,
    [property: JsonPropertyName("imagesPerSecond")] double ImagesPerSecond,
    [property: JsonPropertyName("variant")] string Variant,
    [property: JsonPropertyName("wallSeconds")] double WallSeconds)
{
    /// <summary>With --validation: the held-out images' error after the last epoch (the test set is then evaluated once, at the end).</summary>
    [JsonPropertyName("validationErrorPercent")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? ValidationErrorPercent { get; init; }

    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Writes the JSON to a temporary file and renames it, so a reader never sees half a file.</summary>
    public void Write(string path)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temp = full + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(this, Indented) + Environment.NewLine);
        File.Move(temp, full, overwrite: true);
    }
}
