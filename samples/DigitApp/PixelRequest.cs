using System.Text.Json;
using System.Text.Unicode;

namespace NetGen.Samples.DigitApp;

/// <summary>Parses and checks <c>{"pixels":[784 numbers in 0..255]}</c>: a 28x28 greyscale digit, row-major, white ink on black.</summary>
public static class PixelRequest
{
    public const int Side = 28;
    public const int Length = Side * Side;

    static readonly JsonDocumentOptions Options = new() { MaxDepth = 4 };

    /// <summary>Pixels scaled to [0, 1] (0 = background), or false with a short reason.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> body, out float[] pixels, out string problem)
    {
        pixels = [];
        // System.Text.Json checks UTF-8 only where it decodes a string; check it all before anything is read.
        if (!Utf8.IsValid(body.Span))
        {
            problem = "the body is not UTF-8 text";
            return false;
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, Options);
        }
        catch (JsonException e)
        {
            problem = $"the body is not JSON ({Shorten(e.Message)})";
            return false;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("pixels", out var array))
            {
                problem = "expected an object {\"pixels\": [784 numbers]}";
                return false;
            }
            if (array.ValueKind != JsonValueKind.Array)
            {
                problem = "\"pixels\" must be an array of numbers";
                return false;
            }
            int count = array.GetArrayLength();
            if (count != Length)
            {
                problem = $"\"pixels\" must hold {Length} numbers (28x28), it holds {count}";
                return false;
            }
            var values = new float[Length];
            int i = 0;
            foreach (var element in array.EnumerateArray())
            {
                if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out double value))
                {
                    problem = $"pixel {i} is not a number";
                    return false;
                }
                if (!(value >= 0 && value <= 255))
                {
                    problem = $"pixel {i} is {element.GetRawText()}, outside 0..255";
                    return false;
                }
                values[i++] = (float)(value / 255);
            }
            pixels = values;
            problem = "";
            return true;
        }
    }

    static string Shorten(string message) => message.Length <= 120 ? message : message[..120] + "...";
}
