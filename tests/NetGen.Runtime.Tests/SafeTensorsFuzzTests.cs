using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using NetGen.Checkpoints;
using NetGen.Fuzzing;
using Xunit.Abstractions;

namespace NetGen.Runtime.Tests;

/// <summary>
/// SafeTensors.Load on mutants of valid checkpoints: it loads or throws CheckpointException, leaves the network
/// (parameters and state) untouched when it refuses, quotes no control character from the file, allocates in
/// proportion to the file and answers promptly. The corpus replays every input that ever broke one of these.
/// </summary>
public sealed class SafeTensorsFuzzTests(ITestOutputHelper output)
{
    const long OverheadBytes = 256 * 1024;
    /// <summary>Allowed allocation per byte of the file (the header as bytes, as a JSON document, as strings).</summary>
    const long BytesPerFileByte = 16;

    static readonly TimeSpan Budget = TimeSpan.FromSeconds(5);
    const int MaxInputs = 20_000;

    /// <summary>JSON fragments that once mattered or plausibly could: escapes, control characters, odd numbers.</summary>
    static readonly string[] Tokens =
    [
        "\"\\ud800\"", "\"\\udc00x\"", "\\ud800", "\\u001b[31m", "\\u0000", "\u001b[2J", "\"F16\"", "\"F32\"", "[]", "[3,4]",
        "[0,48]", "[60,68]", "1e999", "-1", "9223372036854775807", "18446744073709551616", "0.5", "null", "{}", "{", "}", "[", "]",
        ",", ":", "\"__metadata__\"", "\"architecture\"", "\"L.weight\"", "\"N.running_mean\"", "\"dtype\"", "\"shape\"",
        "\"data_offsets\"", "\u202e", "\u00ff", "\\\"",
    ];

    static byte[] File(string json, int dataBytes)
    {
        var header = Encoding.UTF8.GetBytes(json);
        var bytes = new byte[8 + header.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        return bytes;
    }

    /// <summary>A header whose bytes are given directly (for invalid UTF-8), then no data.</summary>
    static byte[] RawHeader(params byte[] header)
    {
        var bytes = new byte[8 + header.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        return bytes;
    }

    // A valid header for StatefulNetwork is {Meta,Weight,Bias,Mean,Var} with 76 data bytes.
    const string Meta = "\"__metadata__\":{\"architecture\":\"stateful\"}";
    const string Weight = "\"L.weight\":{\"dtype\":\"F32\",\"shape\":[3,4],\"data_offsets\":[0,48]}";
    const string Bias = "\"L.bias\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[48,60]}";
    const string Mean = "\"N.running_mean\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[60,68]}";
    const string Var = "\"N.running_var\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[68,76]}";
    const string States = Mean + "," + Var;

    static byte[] Saved()
    {
        using var dir = new TempDirectory();
        var net = new StatefulNetwork();
        net.InitializeParameters(5);
        string path = dir.File("seed.safetensors");
        SafeTensors.Save(net, path, new Dictionary<string, string> { ["epoch"] = "3" });
        return System.IO.File.ReadAllBytes(path);
    }

    /// <summary>Every input that broke the reader once; each must be refused like any fuzz input.</summary>
    public static TheoryData<string, byte[]> Corpus => new()
    {
        // Issue 10: a 21-byte file whose tensor name is a lone surrogate escape made Load throw
        // InvalidOperationException, and the LeNet5 sample's --resume and Classify's --weights died with a trace.
        { "21 bytes, tensor name \\ud800", File("{\"\\ud800\":{}}", 0) },
        { "lone low surrogate in a metadata key", File("{\"__metadata__\":{\"\\udc00\":\"x\"}}", 0) },
        { "lone surrogate in the architecture", File("{\"__metadata__\":{\"architecture\":\"\\ud800\"}}", 0) },
        { "lone surrogate in a dtype", File($"{{{Meta},\"L.weight\":{{\"dtype\":\"\\ud800\",\"shape\":[3,4],\"data_offsets\":[0,48]}},{Bias},{States}}}", 76) },
        { "invalid UTF-8 in a tensor name", RawHeader([.. "{\""u8, 0xFF, 0xFE, .. "\":{}}"u8]) },
        { "invalid UTF-8 in a dtype", RawHeader([.. "{\"a\":{\"dtype\":\""u8, 0xC0, .. "\"}}"u8]) },
        { "a truncated UTF-8 sequence in a name", RawHeader([.. "{\""u8, 0xE2, 0x82, .. "\":{}}"u8]) },
        // Issue 10: refusal messages echoed control characters (ANSI escapes) from the file into the terminal.
        { "ANSI escape in an unexpected tensor name", File($"{{{Meta},{Weight},{Bias},{States},\"\\u001b[31mX\":{{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[76,76]}}}}", 76) },
        { "ANSI escape in a dtype", File($"{{{Meta},{Weight.Replace("\"F32\"", "\"\\u001b[2J\"")},{Bias},{States}}}", 76) },
        { "ANSI escape in the architecture", File("{\"__metadata__\":{\"architecture\":\"\\u001b]0;owned\\u0007\"}}", 0) },
        { "newline and bidi override in a missing-tensor name", File($"{{{Meta},\"L.weight\\n\\u202e\":{{}}}}", 0) },
        { "control characters in a metadata key that is not a string", File("{\"__metadata__\":{\"\\u001b[1m\":1}}", 0) },
    };

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Corpus_inputs_are_refused_with_a_clean_message(string what, byte[] input)
    {
        var refusal = Check(input);
        Assert.True(refusal is not null, $"{what}: the file was accepted");
    }

    [Fact]
    public void Mutated_checkpoints()
    {
        byte[][] seeds = [Saved(), File($"{{{Meta},{Weight},{Bias},{States}}}", 76), File($"{{{States},{Bias},{Meta},{Weight}}}", 76)];
        Assert.All(seeds, seed => Assert.Null(Check(seed)));   // the seeds themselves load
        var report = FuzzLoop.Run("safetensors", seeds, new Mutator(Tokens), input => Check(input) is null, 11, MaxInputs, Budget);
        output.WriteLine(report.ToString());
        Assert.True(report.Findings.Count == 0, report.ToString());
        Assert.True(report.Inputs >= 500, $"only {report.Inputs} inputs in {Budget.TotalSeconds} s");
    }

    /// <summary>
    /// Loads <paramref name="file"/> into a network and asserts the properties; returns the refusal, or null when
    /// the file loaded.
    /// </summary>
    static CheckpointException? Check(byte[] file)
    {
        using var dir = new TempDirectory();
        string path = dir.File("fuzz.safetensors");
        System.IO.File.WriteAllBytes(path, file);
        var net = new StatefulNetwork();
        net.InitializeParameters(7);
        var parameters = net.Parameters.ToArray();
        var state = net.State.ToArray();
        CheckpointException? refusal = null;
        var clock = Stopwatch.StartNew();
        long allocated = FuzzLoop.Allocated(() =>
        {
            try
            {
                SafeTensors.Load(net, path);
            }
            catch (CheckpointException e)
            {
                refusal = e;
            }
        });
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(allocated <= OverheadBytes + BytesPerFileByte * file.Length, $"allocated {allocated} bytes for a {file.Length}-byte file");
        if (refusal is null)
            return null;
        Assert.Equal(parameters, net.Parameters.ToArray());
        Assert.Equal(state, net.State.ToArray());
        Assert.Equal(path, refusal.FilePath);
        string quoted = refusal.Problem;
        Assert.False(quoted.Any(c => char.IsControl(c) || char.IsSurrogate(c) || c is '\u202e' or '\u2028'),
            $"the message quotes a control character: {Uri.EscapeDataString(quoted)}");
        return refusal;
    }
}
