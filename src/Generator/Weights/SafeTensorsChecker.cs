using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using NetGen.Generator.Model;

namespace NetGen.Generator.Weights
{
    /// <summary>
    /// Reads a safetensors file (8-byte little-endian header length, JSON header, raw tensors) against the tensors a
    /// network expects, and lays the weights out in the network's flat parameter order. Every problem is collected,
    /// not thrown, so the user sees each mismatch at once.
    /// </summary>
    internal static class SafeTensorsChecker
    {
        /// <summary>The largest header the generator reads, and the most weights it embeds.</summary>
        public const int MaxHeaderBytes = 1 << 20;
        public const long MaxWeightBytes = 64L << 20;

        /// <summary>
        /// Returns the parameters as little-endian float bytes in canonical order, or null. <paramref name="fileProblem"/>
        /// says why the file itself is unreadable; <paramref name="mismatches"/> lists each tensor that does not fit.
        /// </summary>
        public static byte[]? Check(byte[] file, IReadOnlyList<TensorSpec> expected, int parameterCount, string architecture,
            out string? fileProblem, List<string> mismatches)
        {
            var header = ReadHeader(file, out int dataStart, out fileProblem);
            if (header is null) return null;
            long dataLength = file.Length - dataStart;

            if (header.TryGetValue("__metadata__", out var meta) && meta is Dictionary<string, object?> metadata
                && metadata.TryGetValue("architecture", out var arch) && arch is string fileArchitecture && fileArchitecture != architecture)
                mismatches.Add($"was saved from architecture '{fileArchitecture}', not '{architecture}'");

            var blob = new byte[(long)parameterCount * 4];
            var byName = expected.ToDictionary(t => t.Name, StringComparer.Ordinal);
            foreach (var entry in header)
            {
                if (entry.Key == "__metadata__") continue;
                if (!byName.TryGetValue(entry.Key, out var want))
                {
                    if (!Ignorable(entry.Key, entry.Value, dataLength))
                        mismatches.Add($"holds tensor '{entry.Key}', which the network does not have");
                    continue;
                }
                byName.Remove(entry.Key);
                fileProblem = Place(file, dataStart, entry.Key, entry.Value, want, blob, mismatches);
                if (fileProblem is not null) return null;
            }
            foreach (var missing in byName.Values.OrderBy(t => t.Offset))
                mismatches.Add($"lacks tensor '{missing.Name}' {missing.ShapeText}");
            if (!BitConverter.IsLittleEndian)
                for (int i = 0; i < blob.Length; i += 4) Array.Reverse(blob, i, 4);
            return mismatches.Count == 0 ? blob : null;
        }

        /// <summary>The JSON header, and where the tensor data starts; null with <paramref name="problem"/> when the file is unreadable.</summary>
        private static Dictionary<string, object?>? ReadHeader(byte[] file, out int dataStart, out string? problem)
        {
            dataStart = 0;
            problem = null;
            if (file.Length < 8) { problem = $"the file has {file.Length} bytes, fewer than the 8-byte header length"; return null; }
            ulong headerLength = BitConverter.ToUInt64(file, 0);
            if (!BitConverter.IsLittleEndian) headerLength = Reverse(headerLength);
            if (headerLength > MaxHeaderBytes || headerLength > (ulong)(file.Length - 8))
            {
                problem = $"the header length {headerLength} exceeds {(headerLength > MaxHeaderBytes ? $"the {MaxHeaderBytes}-byte limit" : $"the {file.Length - 8} bytes after it")}";
                return null;
            }
            dataStart = 8 + (int)headerLength;
            try
            {
                return MiniJson.Parse(Encoding.UTF8.GetString(file, 8, (int)headerLength)) as Dictionary<string, object?>
                    ?? throw new FormatException("the header is not a JSON object");
            }
            catch (FormatException e)
            {
                problem = e.Message;
                return null;
            }
        }

        /// <summary>
        /// Copies tensor <paramref name="name"/> into its place in <paramref name="blob"/>, or adds a mismatch (dtype, shape);
        /// returns what makes the file itself unreadable (a malformed entry, data outside the file), else null.
        /// </summary>
        private static string? Place(byte[] file, int dataStart, string name, object? value, TensorSpec want, byte[] blob, List<string> mismatches)
        {
            long dataLength = file.Length - dataStart;
            if (value is not Dictionary<string, object?> tensor) return $"tensor '{name}' is not a JSON object";
            string dtype = tensor.TryGetValue("dtype", out var d) && d is string ds ? ds : "?";
            var shape = Integers(tensor, "shape");
            var offsets = Integers(tensor, "data_offsets");
            if (shape is null || offsets is null || offsets.Length != 2) return $"tensor '{name}' lacks a shape or a data_offsets pair";
            long begin = offsets[0], end = offsets[1];
            if (begin < 0 || end < begin || end > dataLength) return $"tensor '{name}' has data_offsets [{begin},{end}] outside the {dataLength} data bytes";
            string fileShape = "[" + string.Join(",", shape) + "]";
            if (dtype != "F32") { mismatches.Add($"stores '{name}' as {dtype}, not F32"); return null; }
            if (fileShape != want.ShapeText) { mismatches.Add($"has '{name}' of shape {fileShape}, but the network's is {want.ShapeText}"); return null; }
            if (end - begin != 4L * want.Length) return $"tensor '{name}' spans {end - begin} bytes, not the {4L * want.Length} its shape needs";
            Buffer.BlockCopy(file, dataStart + (int)begin, blob, want.Offset * 4, want.Length * 4);
            return null;
        }

        /// <summary>
        /// Tensors a checkpoint may hold beside the network's, as the runtime's loader accepts them: the optimizer state
        /// of a resume checkpoint (<c>optimizer.*</c>) and PyTorch's batch-norm step counters (<c>*.num_batches_tracked</c>,
        /// I64 scalars). Not embedded; their data must still lie inside the file.
        /// </summary>
        private static bool Ignorable(string name, object? value, long dataLength)
        {
            if (value is not Dictionary<string, object?> tensor || Integers(tensor, "data_offsets") is not { Length: 2 } offsets
                || offsets[1] < offsets[0] || offsets[1] > dataLength)
                return false;
            if (name.StartsWith("optimizer.", StringComparison.Ordinal)) return true;
            return name.EndsWith(".num_batches_tracked", StringComparison.Ordinal)
                && tensor.TryGetValue("dtype", out var dtype) && dtype as string == "I64"
                && Integers(tensor, "shape") is { Length: 0 } && offsets[1] - offsets[0] == 8;
        }

        private static long[]? Integers(Dictionary<string, object?> tensor, string key)
        {
            if (!tensor.TryGetValue(key, out var value) || value is not List<object?> list) return null;
            var result = new long[list.Count];
            for (int i = 0; i < list.Count; i++)
            {
                if (list[i] is not double number || number < 0 || number != Math.Floor(number) || number > long.MaxValue) return null;
                result[i] = (long)number;
            }
            return result;
        }

        private static ulong Reverse(ulong value)
        {
            var bytes = BitConverter.GetBytes(value);
            Array.Reverse(bytes);
            return BitConverter.ToUInt64(bytes, 0);
        }
    }
}
