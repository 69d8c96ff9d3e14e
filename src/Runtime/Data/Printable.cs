using System.Globalization;
using System.Text;

namespace NetGen.Data;

/// <summary>
/// Makes text taken from a file safe to put in an error message: a hostile file must not reach the terminal with
/// escape sequences, line breaks or bidirectional overrides, nor flood it. Used by every reader that quotes its input.
/// </summary>
public static class Printable
{
    /// <summary>Quoted text longer than this many characters is cut, with "..." after it.</summary>
    public const int MaxLength = 200;

    /// <summary>
    /// <paramref name="text"/> with control and format characters (C0, DEL, C1, U+200E/U+202E and the like, line
    /// separators) and lone surrogates written as <c>\u001B</c>, cut after <see cref="MaxLength"/> characters.
    /// </summary>
    public static string Escape(string text)
    {
        var result = new StringBuilder(Math.Min(text.Length, MaxLength) + 8);
        for (int i = 0; i < text.Length; i++)
        {
            if (result.Length >= MaxLength)
                return result.Append("...").ToString();
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                if (NeedsEscape(CharUnicodeInfo.GetUnicodeCategory(text, i)))
                    result.Append($"\\u{c:X4}\\u{text[i + 1]:X4}");
                else
                    result.Append(c).Append(text[i + 1]);
                i++;
            }
            else if (char.IsSurrogate(c) || NeedsEscape(CharUnicodeInfo.GetUnicodeCategory(c)))
                result.Append($"\\u{(int)c:X4}");
            else
                result.Append(c);
        }
        return result.ToString();
    }

    /// <summary>Bytes shown as ASCII where printable, as <c>\xNN</c> otherwise, cut after <see cref="MaxLength"/> bytes.</summary>
    public static string Escape(ReadOnlySpan<byte> bytes)
    {
        var result = new StringBuilder(Math.Min(bytes.Length, MaxLength) * 2);
        foreach (byte b in bytes[..Math.Min(bytes.Length, MaxLength)])
            result.Append(b is >= 0x20 and < 0x7F && b != (byte)'\\' ? ((char)b).ToString() : $"\\x{b:X2}");
        return bytes.Length > MaxLength ? result.Append("...").ToString() : result.ToString();
    }

    static bool NeedsEscape(UnicodeCategory category) => category is UnicodeCategory.Control or UnicodeCategory.Format
        or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}
