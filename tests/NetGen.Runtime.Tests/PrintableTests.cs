using NetGen.Data;

namespace NetGen.Runtime.Tests;

public class PrintableTests
{
    [Theory]
    [InlineData("L.weight", "L.weight")]
    [InlineData("\u001b[31mred", "\\u001B[31mred")]                 // ANSI colour
    [InlineData("a\nb\rc\td", "a\\u000Ab\\u000Dc\\u0009d")]         // line breaks and tabs
    [InlineData("\u202egnp.exe", "\\u202Egnp.exe")]                 // right-to-left override
    [InlineData("x\u2028y\u0085z\u007f", "x\\u2028y\\u0085z\\u007F")] // line separator, NEL (C1), DEL
    [InlineData("gewicht \u00e9 \U0001F600", "gewicht \u00e9 \U0001F600")] // letters and a surrogate pair stay
    public void Escapes_control_and_format_characters(string text, string expected) =>
        Assert.Equal(expected, Printable.Escape(text));

    /// <summary>Built in code: a lone surrogate does not survive an attribute's UTF-8 encoding.</summary>
    [Fact]
    public void Escapes_lone_surrogates() =>
        Assert.Equal("\\uD800!\\uDC00", Printable.Escape(new string(['\ud800', '!', '\udc00'])));

    [Fact]
    public void Cuts_long_text()
    {
        string escaped = Printable.Escape(new string('a', 10_000));
        Assert.Equal(new string('a', Printable.MaxLength) + "...", escaped);
        Assert.True(Printable.Escape(string.Concat(Enumerable.Repeat("\u001b", 10_000))).Length < 2 * Printable.MaxLength);
    }

    [Fact]
    public void Shows_bytes_as_ascii_or_hex()
    {
        Assert.Equal("IDAT", Printable.Escape("IDAT"u8));
        Assert.Equal("\\x1B[2J\\x00\\xFF\\x5C", Printable.Escape([0x1B, (byte)'[', (byte)'2', (byte)'J', 0, 0xFF, (byte)'\\']));
        Assert.EndsWith("...", Printable.Escape(new byte[1000]));
    }
}
