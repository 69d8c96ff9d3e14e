using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using NetGen.Fuzzing;
using NetGen.Samples.Classify;
using Xunit.Abstractions;
using LeNet5 = NetGen.Samples.LeNet5.LeNet5;

namespace NetGen.Package.Tests;

/// <summary>
/// The Classify tool's PGM and PNG decoders, and its preparation of what they decode, on mutants of valid pictures:
/// a picture or InvalidDataException (the tool's documented refusal), no control character from the file in the
/// message, allocation in proportion to the file and to the decoded picture, and prompt answers. The corpus replays
/// every input that ever broke one of these.
/// </summary>
public sealed class ImageDecoderFuzzTests(ITestOutputHelper output)
{
    const long OverheadBytes = 512 * 1024;
    /// <summary>Allowed allocation per byte of the file (the PNG reader copies IDAT into one stream).</summary>
    const long BytesPerFileByte = 16;
    /// <summary>Allowed allocation per decoded pixel: scanlines (growing buffer), luminance, ink (4 bytes each).</summary>
    const long BytesPerPixel = 32;

    static readonly TimeSpan Budget = TimeSpan.FromSeconds(3);
    const int MaxInputs = 100_000;

    static readonly string[] Tokens = ["P5", "P2", " 8192", " 65535", " 0", "#\n", "\u001b[31m", "IHDR", "IDAT", "IEND", "PLTE", "tRNS", "\n"];

    static byte[] Pattern(int width, int height) =>
        Enumerable.Range(0, width * height).Select(i => (byte)((i % width) * 255 / width ^ (i / width) * 7)).ToArray();

    static readonly byte[] Small = Pattern(12, 10);

    /// <summary>A PNG from its chunks (type, body), each given its right CRC.</summary>
    static byte[] Chunks(params (string Type, byte[] Body)[] chunks)
    {
        using var file = new MemoryStream();
        file.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        foreach (var (type, body) in chunks)
            TestImages.WriteChunk(file, type, body);
        return file.ToArray();
    }

    static byte[] Ihdr(int width, int height, int colorType)
    {
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        (header[8], header[9]) = (8, (byte)colorType);
        return header;
    }

    public static TheoryData<string, byte[]> Corpus => new()
    {
        // Issue 10: a 17-byte header allocated 256 MB of pixels before "truncated" (P5, and P2 alike).
        { "P5 header claiming 8192x8192, no samples", Encoding.ASCII.GetBytes("P5 8192 8192 255\n") },
        { "P2 header claiming 8192x8192, no samples", Encoding.ASCII.GetBytes("P2 8192 8192 255\n") },
        { "P2 claiming 8192x8192 with a few samples", Encoding.ASCII.GetBytes("P2 8192 8192 255\n1 2 3 4 5 6 7 8 9\n") },
        { "P5 16-bit claiming 8192x8192, 1000 bytes", [.. Encoding.ASCII.GetBytes("P5 8192 8192 65535\n"), .. new byte[1000]] },
        // Issue 10: IHDR 8192x8192 RGBA with 100 bytes of IDAT allocated 256 MB for scanlines that never came.
        { "PNG 8192x8192 RGBA, 100 bytes of IDAT", Chunks(("IHDR", Ihdr(8192, 8192, TestImages.Rgba)), ("IDAT", TestImages.ZLib(new byte[80_000])[..100]), ("IEND", [])) },
        { "PNG 8192x8192 RGBA, a whole small zlib stream", Chunks(("IHDR", Ihdr(8192, 8192, TestImages.Rgba)), ("IDAT", TestImages.ZLib(new byte[50_000])), ("IEND", [])) },
        // Found by Mutated_png_files: a zlib header asking for a preset dictionary (FDICT) made ZLibStream throw
        // ZLibException, not the decoder's InvalidDataException.
        { "IDAT whose zlib header sets FDICT", Chunks(("IHDR", Ihdr(2, 2, TestImages.Gray)), ("IDAT", [0x78, 0xBB, 0, 0, 0, 1, 0x63, 0, 0]), ("IEND", [])) },
        // Issue 10: messages echoed control characters from the file.
        { "PGM width with an ANSI escape", Encoding.ASCII.GetBytes("P5 \u001b[2J\u001b[31m 10 255\n") },
        { "PNG chunk type with control bytes and a bad CRC", [.. Chunks(("IHDR", Ihdr(4, 4, TestImages.Gray))), 0, 0, 0, 0, 0x1B, (byte)'[', (byte)'2', (byte)'J', 1, 2, 3, 4] },
    };

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Corpus_inputs_are_refused_within_bounds(string what, byte[] input)
    {
        var refusal = Check(input);
        Assert.True(refusal is not null, $"{what}: the picture was accepted");
    }

    [Fact]
    public void Mutated_pgm_files()
    {
        byte[][] seeds = [TestImages.Pgm(Small, 12, 10), TestImages.AsciiPgm(Small, 12, 10),
            [.. Encoding.ASCII.GetBytes("P5 3 2 65535\n"), .. Enumerable.Range(0, 12).Select(i => (byte)(i * 20))]];
        Fuzz("PGM", seeds, 21);
    }

    static readonly int[] ColorTypes = [TestImages.Gray, TestImages.Rgb, TestImages.Palette, TestImages.GrayAlpha, TestImages.Rgba];

    /// <summary>Mutants with their CRCs made right again, so they get past the chunk check to the header and the pixels.</summary>
    [Fact]
    public void Mutated_png_files() =>
        Fuzz("PNG (chunks mutated, CRCs fixed)", [.. ColorTypes.Select(type => TestImages.Png(Small, 12, 10, type))], 22, WithRightCrcs);

    /// <summary>Mutants of the inflated scanlines (filter bytes, lengths), compressed again into a valid PNG.</summary>
    [Fact]
    public void Png_files_with_mutated_scanlines()
    {
        foreach (int type in ColorTypes)
        {
            int stride = 12 * type switch { TestImages.GrayAlpha => 2, TestImages.Rgb => 3, TestImages.Rgba => 4, _ => 1 };
            byte[] scanlines = [.. Enumerable.Range(0, 10).SelectMany(y => Enumerable.Range(0, stride + 1).Select(i => (byte)(i == 0 ? y % 5 : i * 13 + y)))];
            Fuzz($"PNG colour type {type} (scanlines mutated)", [scanlines], 23 + type,
                lines => Chunks(("IHDR", Ihdr(12, 10, type)), ("PLTE", new byte[768]), ("IDAT", TestImages.ZLib(lines)), ("IEND", [])),
                TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>Rewrites the CRC of every whole chunk of <paramref name="png"/>.</summary>
    static byte[] WithRightCrcs(byte[] png)
    {
        var fixedUp = (byte[])png.Clone();
        for (int position = 8; position + 12 <= fixedUp.Length;)
        {
            uint length = BinaryPrimitives.ReadUInt32BigEndian(fixedUp.AsSpan(position));
            if (length > fixedUp.Length - position - 12)
                break;
            var typeAndBody = fixedUp.AsSpan(position + 4, 4 + (int)length);
            BinaryPrimitives.WriteUInt32BigEndian(fixedUp.AsSpan(position + 8 + (int)length), PngCrc.Compute(typeAndBody));
            position += 12 + (int)length;
        }
        return fixedUp;
    }

    void Fuzz(string reader, byte[][] seeds, int seed, Func<byte[], byte[]>? makeFile = null, TimeSpan? budget = null)
    {
        makeFile ??= input => input;
        Assert.All(seeds, s => Assert.Null(Check(makeFile(s))));   // the seeds themselves decode
        var report = FuzzLoop.Run(reader, seeds, new Mutator(Tokens), input => Check(makeFile(input)) is null, seed, MaxInputs, budget ?? Budget);
        output.WriteLine(report.ToString());
        Assert.True(report.Findings.Count == 0, report.ToString());
        Assert.True(report.Inputs >= 200, $"only {report.Inputs} inputs in {report.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>Decodes and prepares <paramref name="file"/> as the tool does; returns the refusal, or null for a picture.</summary>
    static InvalidDataException? Check(byte[] file)
    {
        InvalidDataException? refusal = null;
        long pixels = 0;
        var clock = Stopwatch.StartNew();
        long allocated = FuzzLoop.Allocated(() =>
        {
            try
            {
                var image = PngDecoder.IsPng(file) ? PngDecoder.Decode(file)
                    : PgmReader.IsPgm(file) ? PgmReader.Read(file)
                    : throw new InvalidDataException("neither");
                pixels = image.Pixels.Length;
                var input = DigitInput.Prepare(image, LeNet5.InputLength);
                Assert.All(input, v => Assert.True(float.IsFinite(v)));
            }
            catch (InvalidDataException e)
            {
                refusal = e;
            }
        });
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(allocated <= OverheadBytes + BytesPerFileByte * file.Length + BytesPerPixel * pixels,
            $"allocated {allocated} bytes for a {file.Length}-byte file of {pixels} pixels");
        if (refusal is not null)
            Assert.False(refusal.Message.Any(char.IsControl), $"the message quotes a control character: {Uri.EscapeDataString(refusal.Message)}");
        return refusal;
    }
}
