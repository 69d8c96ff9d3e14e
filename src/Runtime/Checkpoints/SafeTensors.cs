using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using NetGen.Data;
using NetGen.Optimizers;

namespace NetGen.Checkpoints;

/// <summary>
/// Checkpoints in the safetensors format, so weights move to and from PyTorch: an 8-byte little-endian header
/// length, a JSON header naming each tensor (<c>{"C1.weight": {"dtype": "F32", "shape": [6,1,5,5],
/// "data_offsets": [begin, end]}, "__metadata__": {"architecture": ...}}</c>), then the raw little-endian tensors.
/// Tensor names and shapes come from <see cref="INetwork.ParameterTensors"/> and <see cref="INetwork.StateTensors"/>.
/// <para>
/// A checkpoint saved with an optimizer also holds its buffers, one F32 tensor per buffer and parameter tensor, named
/// <c>optimizer.&lt;buffer&gt;.&lt;parameter tensor&gt;</c> (SGD: <c>optimizer.momentum_buffer.C1.weight</c>; Adam and
/// AdamW: <c>optimizer.exp_avg.C1.weight</c>, <c>optimizer.exp_avg_sq.C1.weight</c>, with amsgrad <c>optimizer.max_exp_avg_sq.C1.weight</c>) and shaped
/// like it, and the metadata entries <see cref="OptimizerKey"/> (the kind), <see cref="OptimizerEpochKey"/> and
/// <see cref="OptimizerStepsKey"/>. A network with dropout records its generator in <see cref="DropoutStateKey"/>.
/// With them a run that loads the checkpoint into fresh objects continues bit for bit as if never interrupted.
/// </para>
/// </summary>
public static class SafeTensors
{
    /// <summary>A header longer than this is refused (a real one is a few kilobytes).</summary>
    public const long MaxHeaderBytes = 100L << 20;
    public const string MetadataKey = "__metadata__";
    public const string ArchitectureKey = "architecture";
    /// <summary>Metadata: the optimizer's <see cref="IOptimizerState.Kind"/>, present when the file holds optimizer state.</summary>
    public const string OptimizerKey = "optimizer";
    /// <summary>Metadata: the optimizer's <see cref="IOptimizerState.Epoch"/> (its schedule's position), decimal.</summary>
    public const string OptimizerEpochKey = "optimizer.epoch";
    /// <summary>Metadata: the optimizer's <see cref="IOptimizerState.Steps"/>, decimal.</summary>
    public const string OptimizerStepsKey = "optimizer.steps";
    /// <summary>Metadata: the network's <see cref="INetwork.DropoutState"/>, decimal; written only for a network with dropout.</summary>
    public const string DropoutStateKey = "dropout_state";
    /// <summary>The names of optimizer tensors start with this.</summary>
    public const string OptimizerPrefix = "optimizer.";

    static readonly string[] Reserved = [ArchitectureKey, OptimizerKey, OptimizerEpochKey, OptimizerStepsKey, DropoutStateKey];
    static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>Saves with the network's own <see cref="INetwork.Architecture"/> in the metadata.</summary>
    public static void Save(INetwork network, string path, IReadOnlyDictionary<string, string>? metadata = null, IOptimizerState? optimizer = null) =>
        Save(network, path, network.Architecture, metadata, optimizer);

    /// <summary>Loads, requiring a file with an architecture entry to match the network's <see cref="INetwork.Architecture"/>.</summary>
    public static IReadOnlyDictionary<string, string> Load(INetwork network, string path) =>
        LoadInto(network, path, network.Architecture, null).Metadata;

    /// <summary>Like <see cref="Load(INetwork, string, string)"/>, also restoring <paramref name="optimizer"/> (see <see cref="Load(INetwork, string, string, IOptimizerState)"/>).</summary>
    public static LoadedCheckpoint Load(INetwork network, string path, IOptimizerState optimizer) =>
        LoadInto(network, path, network.Architecture, optimizer);

    /// <summary>
    /// Writes the network's parameters and state to <paramref name="path"/> atomically: into a temporary file in the
    /// same folder, flushed, then renamed over the target, so a crash never leaves a half-written checkpoint under the
    /// real name. <paramref name="metadata"/> adds string entries (epoch, test error, ...) beside the architecture
    /// (entries under the reserved keys are dropped). With <paramref name="optimizer"/>, its state is saved too.
    /// </summary>
    /// <exception cref="ArgumentException">the optimizer's buffers are not the network's size.</exception>
    public static void Save(INetwork network, string path, string architecture, IReadOnlyDictionary<string, string>? metadata = null,
        IOptimizerState? optimizer = null)
    {
        var blocks = CheckpointLayout.For(network, optimizer);
        byte[] header = BuildHeader(blocks, Metadata(network, architecture, metadata, optimizer));
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        string temp = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                Span<byte> length = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
                stream.Write(length);
                stream.Write(header);
                foreach (var b in blocks)
                    WriteFloats(stream, CheckpointLayout.Source(network, optimizer, b.Source).Slice(b.Offset, b.Length));
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
    }

    static SortedDictionary<string, string> Metadata(INetwork network, string architecture, IReadOnlyDictionary<string, string>? extra, IOptimizerState? optimizer)
    {
        var all = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
            if (!Reserved.Contains(key))
                all[key] = value;
        all[ArchitectureKey] = architecture;
        if (network.DropoutState != 0)
            all[DropoutStateKey] = network.DropoutState.ToString(C);
        if (optimizer is not null)
        {
            all[OptimizerKey] = optimizer.Kind;
            all[OptimizerEpochKey] = optimizer.Epoch.ToString(C);
            all[OptimizerStepsKey] = optimizer.Steps.ToString(C);
        }
        return all;
    }

    static byte[] BuildHeader(IReadOnlyList<CheckpointLayout.Block> blocks, SortedDictionary<string, string> metadata)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject(MetadataKey);
            foreach (var (key, value) in metadata)
                json.WriteString(key, value);
            json.WriteEndObject();
            long offset = 0;
            foreach (var b in blocks)
            {
                json.WriteStartObject(b.Name);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                foreach (int d in b.Shape)
                    json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset += 4L * b.Length);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        // Pad with spaces to a multiple of 8 so the tensors are aligned (as the reference writer does).
        while (buffer.Length % 8 != 0)
            buffer.WriteByte((byte)' ');
        return buffer.ToArray();
    }

    static void WriteFloats(Stream stream, ReadOnlySpan<float> values)
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(values));
            return;
        }
        Span<byte> four = stackalloc byte[4];
        foreach (float v in values)
        {
            BinaryPrimitives.WriteSingleLittleEndian(four, v);
            stream.Write(four);
        }
    }

    /// <summary>
    /// Loads parameters and state saved by <c>Save</c>, or a PyTorch state dict (<c>safetensors.torch.save_file(
    /// model.state_dict())</c>) with the same names, into <paramref name="network"/>. Names and shapes decide: the
    /// architecture metadata is checked when present (a PyTorch file has none); PyTorch's batch norm counters
    /// (<c>*.num_batches_tracked</c>, I64 scalars) are accepted and ignored; optimizer tensors are ignored; every
    /// other tensor must be F32. Refuses, with a <see cref="CheckpointException"/> naming the file and the problem,
    /// any file whose header is oversized, malformed or not well-formed Unicode JSON, whose architecture differs,
    /// whose tensors differ from the network's (every missing, extra or mismatched tensor listed, one line each), or
    /// whose offsets do not tile the data exactly. Everything is read and checked before the network is touched, and
    /// quoted file content in a message has its control characters escaped. Restores the dropout generator when the
    /// file records it (<see cref="DropoutStateKey"/>). Returns the metadata entries.
    /// </summary>
    /// <exception cref="CheckpointException">the file is not a checkpoint of this network; it is left unchanged.</exception>
    /// <exception cref="FileNotFoundException">there is no file at <paramref name="path"/>.</exception>
    public static IReadOnlyDictionary<string, string> Load(INetwork network, string path, string architecture) =>
        LoadInto(network, path, architecture, null).Metadata;

    /// <summary>
    /// Loads the network as <see cref="Load(INetwork, string, string)"/> does, and the optimizer's state: when the file
    /// holds optimizer state, it must be of <paramref name="optimizer"/>'s kind, with every buffer tensor (F32, the
    /// parameter's shape, holding values the optimizer can hold: <see cref="IOptimizerState.FindImpossible"/>) and the
    /// epoch and step entries; they are restored and
    /// <see cref="LoadedCheckpoint.OptimizerRestored"/> is true. A file without optimizer state (a network-only
    /// checkpoint, a PyTorch state dict) loads the network and resets the optimizer
    /// (<see cref="IOptimizerState.Reset"/>; its epoch is kept). A refused file leaves both unchanged.
    /// </summary>
    /// <exception cref="CheckpointException">the file is not a checkpoint of this network and optimizer; both are left unchanged.</exception>
    /// <exception cref="FileNotFoundException">there is no file at <paramref name="path"/>.</exception>
    /// <exception cref="ArgumentException">the optimizer's buffers are not the network's size.</exception>
    public static LoadedCheckpoint Load(INetwork network, string path, string architecture, IOptimizerState optimizer) =>
        LoadInto(network, path, architecture, optimizer);

    static LoadedCheckpoint LoadInto(INetwork network, string path, string architecture, IOptimizerState? optimizer)
    {
        var withOptimizer = CheckpointLayout.For(network, optimizer);   // checks the optimizer's size before any I/O
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: checkpoint not found.", path);
        using var stream = File.OpenRead(path);
        long fileLength = stream.Length;
        if (fileLength < 8)
            throw new CheckpointException(path, $"only {fileLength} bytes: too short for the 8-byte header length.");
        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > MaxHeaderBytes)
            throw new CheckpointException(path, $"header length {headerLength} exceeds the limit of {MaxHeaderBytes} bytes.");
        if ((long)headerLength > fileLength - 8)
            throw new CheckpointException(path, $"header length {headerLength} runs past the end of the {fileLength}-byte file.");
        var header = new byte[headerLength];
        stream.ReadExactly(header);

        var (metadata, entries) = SafeTensorsHeader.Parse(path, header);
        CheckArchitecture(path, metadata, architecture);
        uint dropout = DropoutState(path, metadata);
        bool fileHasOptimizer = metadata.ContainsKey(OptimizerKey) || entries.Keys.Any(n => n.StartsWith(OptimizerPrefix, StringComparison.Ordinal));
        bool restore = optimizer is not null && fileHasOptimizer;
        var (epoch, steps) = restore ? OptimizerCheckpoint.Position(path, metadata, optimizer!) : (0, 0L);
        var blocks = restore ? withOptimizer : CheckpointLayout.For(network, null);
        long dataLength = fileLength - 8 - (long)headerLength;
        var differences = CheckpointLayout.Differences(blocks, entries, dataLength, ignoreOptimizer: !restore);
        if (differences.Count > 0)
            throw new CheckpointException(path, $"{differences.Count} tensor(s) do not match this network{(restore ? " and optimizer" : "")}", differences);
        CheckpointLayout.CheckTiling(path, entries.Values, dataLength);

        // Read into scratch buffers; the network and optimizer are only written once the whole file has been read.
        var scratch = new float[2 + (restore ? optimizer!.BufferNames.Count : 0)][];
        for (int s = 0; s < scratch.Length; s++)
            scratch[s] = new float[CheckpointLayout.Source(network, optimizer, s).Length];
        var bytes = new byte[dataLength];
        if (stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false) < bytes.Length)
            throw new CheckpointException(path, "the file became shorter while it was read.");
        foreach (var b in blocks)
        {
            var source = bytes.AsSpan((int)entries[b.Name].Begin, 4 * b.Length);
            var target = scratch[b.Source].AsSpan(b.Offset, b.Length);
            for (int i = 0; i < target.Length; i++)
                target[i] = BinaryPrimitives.ReadSingleLittleEndian(source.Slice(4 * i, 4));
        }
        if (restore)
            OptimizerCheckpoint.CheckValues(path, network, optimizer!, scratch[2..]);

        for (int s = 0; s < scratch.Length; s++)
            scratch[s].CopyTo(CheckpointLayout.Source(network, optimizer, s));
        if (dropout != 0 && network.DropoutState != 0)
            network.DropoutState = dropout;
        if (restore)
        {
            optimizer!.SetEpoch(epoch);
            optimizer.Steps = steps;
        }
        else
        {
            optimizer?.Reset();
        }
        return new LoadedCheckpoint(metadata, restore);
    }

    /// <summary>The architecture is checked when the file names one; a PyTorch state dict does not.</summary>
    static void CheckArchitecture(string path, Dictionary<string, string> metadata, string architecture)
    {
        if (metadata.TryGetValue(ArchitectureKey, out var found) && found != architecture)
            throw new CheckpointException(path, $"architecture mismatch: the file holds '{Printable.Escape(found)}', this network is '{Printable.Escape(architecture)}'.");
    }

    /// <summary>The dropout generator's state the file records, or 0 when it records none.</summary>
    static uint DropoutState(string path, Dictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue(DropoutStateKey, out var text))
            return 0;
        return uint.TryParse(text, NumberStyles.None, C, out uint state) && state != 0
            ? state : throw new CheckpointException(path, $"metadata '{DropoutStateKey}' is '{Printable.Escape(text)}', not a nonzero 32-bit count.");
    }
}
