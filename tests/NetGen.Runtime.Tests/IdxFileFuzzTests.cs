using System.Diagnostics;
using System.IO.Compression;
using NetGen.Data;
using NetGen.Fuzzing;
using Xunit.Abstractions;

namespace NetGen.Runtime.Tests;

/// <summary>
/// IdxFile.Read on mutants of valid files, raw and gzip: it returns a tensor that matches its header or throws
/// DataFormatException, allocates in proportion to what the file holds, and answers promptly. The corpus replays
/// every input that ever broke one of these.
/// </summary>
public sealed class IdxFileFuzzTests(ITestOutputHelper output)
{
    /// <summary>Fixed overhead allowed per read (FileStream and GZipStream buffers, the first 64 KB read buffer).</summary>
    const long OverheadBytes = 512 * 1024;
    /// <summary>Allowed allocation per byte the file holds (after decompression): the growing buffer stays within 4.</summary>
    const long BytesPerHeldByte = 4;

    static readonly TimeSpan Budget = TimeSpan.FromSeconds(5);
    const int MaxInputs = 20_000;

    static byte[] Gzip(byte[] raw)
    {
        using var buffer = new MemoryStream();
        using (var zip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            zip.Write(raw);
        return buffer.ToArray();
    }

    static byte[] Pattern(int length) => Enumerable.Range(0, length).Select(i => (byte)(i * 37)).ToArray();

    static readonly byte[][] RawSeeds =
    [
        IdxWriter.Bytes([3, 5, 4], Pattern(60)),
        IdxWriter.Bytes([1, 28, 28], Pattern(784)),
        IdxWriter.Bytes([10], Pattern(10)),
    ];

    /// <summary>Every input that broke the reader once. Each is checked by <see cref="Check"/> like a fuzz input.</summary>
    public static TheoryData<string, byte[], int> Corpus => new()
    {
        // Issue 10: a 95-byte gzip file whose header claims 1x32768x32768 made Read allocate 1 GiB before it saw
        // that the data was missing.
        { "gzip claims 1x32768x32768, holds 64 bytes", Gzip(IdxWriter.Bytes([1, 32768, 32768], Pattern(64))), 3 },
        { "gzip claims 1 GiB of labels, holds none", Gzip(IdxWriter.Bytes([1 << 30], [])), 1 },
        { "raw claims 1x32768x32768, holds 64 bytes", IdxWriter.Bytes([1, 32768, 32768], Pattern(64)), 3 },
    };

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Corpus_inputs_are_refused_within_bounds(string what, byte[] input, int dimensions)
    {
        var outcome = Check(input, dimensions);
        Assert.True(outcome is DataFormatException, $"{what}: expected a refusal, got {outcome?.GetType().Name ?? "a tensor"}");
    }

    [Fact]
    public void Mutated_raw_files() => Fuzz("IDX raw", RawSeeds, 1, compressAfter: false);

    [Fact]
    public void Mutated_files_inside_gzip() => Fuzz("IDX gzip (mutated, then compressed)", RawSeeds, 2, compressAfter: true);

    [Fact]
    public void Mutated_gzip_streams() => Fuzz("IDX gzip (compressed, then mutated)", RawSeeds.Select(Gzip).ToArray(), 3, compressAfter: false);

    void Fuzz(string reader, byte[][] seeds, int seed, bool compressAfter)
    {
        var mutator = new Mutator([]);
        var report = FuzzLoop.Run(reader, seeds, mutator, input =>
        {
            byte[] file = compressAfter ? Gzip(input) : input;
            // Expect what the (mutated) header says when it can be read, so the reads get past the dimension check.
            int dimensions = file == input && Gzipped(file) || input.Length < 4 || input[3] is < 1 or > 3 ? 1 + input.Length % 3 : input[3];
            return Check(file, dimensions) is null;
        }, seed, MaxInputs, Budget);
        output.WriteLine(report.ToString());
        Assert.True(report.Findings.Count == 0, report.ToString());
        Assert.True(report.Inputs >= 500, $"only {report.Inputs} inputs in {Budget.TotalSeconds} s");
    }

    /// <summary>
    /// Reads <paramref name="file"/> and asserts the properties: a tensor whose data matches its dimensions, or a
    /// DataFormatException naming the file; allocation within <see cref="BytesPerHeldByte"/> per byte held plus
    /// <see cref="OverheadBytes"/>; under two seconds. Returns the refusal, or null for a tensor.
    /// </summary>
    static DataFormatException? Check(byte[] file, int dimensions)
    {
        using var dir = new TempDirectory();
        string path = dir.File("fuzz");
        File.WriteAllBytes(path, file);
        long held = Math.Max(file.Length, Decompressed(file));
        DataFormatException? refusal = null;
        IdxTensor? tensor = null;
        var clock = Stopwatch.StartNew();
        long allocated = FuzzLoop.Allocated(() =>
        {
            try
            {
                tensor = IdxFile.Read(path, dimensions);
            }
            catch (DataFormatException e)
            {
                refusal = e;
            }
        });
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(allocated <= OverheadBytes + BytesPerHeldByte * held,
            $"allocated {allocated} bytes for a file of {file.Length} bytes holding {held}");
        if (refusal is not null)
            Assert.Equal(path, refusal.FilePath);
        else
            Assert.Equal(tensor!.Dimensions.Aggregate(1L, (p, d) => p * d), tensor.Data.Length);
        return refusal;
    }

    static bool Gzipped(byte[] file) => file.Length >= 2 && file[0] == 0x1f && file[1] == 0x8b;

    /// <summary>How many bytes a gzip file inflates to (as far as it inflates), or 0 for a raw file; capped at 64 MB.</summary>
    static long Decompressed(byte[] file)
    {
        if (!Gzipped(file))
            return 0;
        long total = 0;
        var chunk = new byte[64 * 1024];
        try
        {
            using var zip = new GZipStream(new MemoryStream(file), CompressionMode.Decompress);
            int read;
            while (total < (64 << 20) && (read = zip.Read(chunk)) > 0)
                total += read;
        }
        catch (InvalidDataException)
        {
            // Corrupt from here on: what inflated so far is what the file holds.
        }
        return total;
    }
}
