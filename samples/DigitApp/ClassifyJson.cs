using System.Text.Json;
using System.Text.Json.Serialization;

namespace NetGen.Samples.DigitApp;

/// <summary>The answer: the digit, a probability-like score per class (softmax of minus the RBF distances), and the distances.</summary>
public sealed record ClassifyResponse(int Digit, float[] Scores, float[] Distances);

/// <summary>Why a request was refused.</summary>
public sealed record ErrorResponse(string Error);

/// <summary>Source-generated JSON for the API's types, camelCase as the page reads them.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ClassifyResponse))]
[JsonSerializable(typeof(ErrorResponse))]
public sealed partial class ClassifyJson : JsonSerializerContext;
