using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Common;
using NetGen.Generator.Diagnostics;
using NetGen.Generator.Model;
using NetGen.Generator.Parsing;
using NetGen.Generator.Weights;

namespace NetGen.Generator.Onnx
{
    /// <summary>A *.onnx AdditionalFiles item: its path and bytes, or why it could not be read.</summary>
    internal sealed record OnnxFile(string Path, FileBytes? Bytes, string? ReadError);

    /// <summary>A file's bytes, compared by content so an unchanged file keeps the import cached.</summary>
    internal sealed class FileBytes : IEquatable<FileBytes>
    {
        public FileBytes(byte[] data) => Data = data;

        public byte[] Data { get; }

        public bool Equals(FileBytes? other) => other is not null && Data.AsSpan().SequenceEqual(other.Data);

        public override bool Equals(object? obj) => Equals(obj as FileBytes);

        public override int GetHashCode() => Data.Length;
    }

    /// <summary>What one [OnnxModel] class yields: the analyzed network, its diagnostics, its embedded weights.</summary>
    internal sealed record OnnxResult(NetworkModel? Model, EquatableArray<DiagnosticInfo> Diagnostics, WeightsResult? Weights)
    {
        /// <summary>Weights over the embedding limit: Load(path)'s recipe, or null.</summary>
        public OnnxLoader? Loader { get; init; }
    }

    /// <summary>The import stage: finds the request's file, reads it, maps it, analyzes the network and packs the weights.</summary>
    internal static class OnnxImport
    {
        /// <summary>A lower embedding limit for the calling test's flow only (Load's tests), else null: the 64 MB limit.</summary>
        internal static readonly AsyncLocal<long?> EmbedLimitForTests = new();

        public static OnnxFile Read(AdditionalText text, CancellationToken cancellationToken)
        {
            try
            {
                // ONNX is binary: read the bytes of the file the compiler tracks (an edit still re-runs this step).
#pragma warning disable RS1035 // File IO: see above.
                var info = new FileInfo(text.Path);
                if (info.Length > OnnxReader.MaxFileBytes)
                    return new OnnxFile(text.Path, null, $"the file has {info.Length} bytes; NetGen reads ONNX files of at most {OnnxReader.MaxFileBytes >> 20} MB");
                return new OnnxFile(text.Path, new FileBytes(File.ReadAllBytes(text.Path)), null);
#pragma warning restore RS1035
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return new OnnxFile(text.Path, null, e.Message);
            }
        }

        /// <param name="earlier">Diagnostics of the class itself (warnings; errors leave no request).</param>
        public static OnnxResult Resolve(OnnxRequest request, ImmutableArray<OnnxFile> files, EquatableArray<DiagnosticInfo> earlier = default)
        {
            var diagnostics = new List<DiagnosticInfo>(earlier);
            OnnxResult Result(NetworkModel? model = null, WeightsResult? weights = null) => new(model, diagnostics.ToEquatableArray(), weights);
            try
            {
                string wanted = request.Path.Replace('\\', '/');
                var file = files.FirstOrDefault(f =>
                {
                    string path = f.Path.Replace('\\', '/');
                    return path == wanted || path.EndsWith("/" + wanted, StringComparison.Ordinal);
                });
                if (file is null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OnnxFileNotFound, request.Location, request.ClassName, request.Path));
                    return Result();
                }
                OnnxModel? onnx = null;
                string? error = file.ReadError ?? (file.Bytes is null ? "unreadable" : null);
                if (file.Bytes is not null) OnnxReader.TryRead(file.Bytes.Data, out onnx, out error);
                if (onnx is null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OnnxFileInvalid, request.Location, request.ClassName, request.Path, error ?? "unreadable"));
                    return Result();
                }
                var (network, tensors) = OnnxImporter.Import(onnx, request, diagnostics, out var origins);
                var model = network is null ? null : OnnxGraphAnalyzer.Analyze(network, diagnostics);
                if (model is null) return Result();
                var weights = Pack(request, model, tensors, diagnostics);
                if (weights is not null) return Result(model, weights);
                var loader = OnnxLoadEmitter.Plan(request, model, origins, diagnostics);   // before Result copies the diagnostics
                return Result(model) with { Loader = loader };
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, request.Location, request.ClassName, e.GetType().Name + ": " + e.Message));
                return Result();
            }
        }

        /// <summary>
        /// The weights as [Weights] embeds them: the parameters in ParameterTensors order, then the state, little-endian float32,
        /// under the same 64 MB limit; above it the network is imported without them (a warning).
        /// </summary>
        private static WeightsResult? Pack(OnnxRequest request, NetworkModel model, Dictionary<string, float[]> tensors, List<DiagnosticInfo> diagnostics)
        {
            long length = (long)model.ParameterCount + model.StateLength;
            long limit = EmbedLimitForTests.Value ?? SafeTensorsChecker.MaxWeightBytes;
            if (length * 4 > limit)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OnnxWeightsNotEmbedded, request.Location, request.ClassName, length * 4, limit));
                return null;
            }
            var blob = new float[length];
            var expected = TensorSpec.Of(model).Concat(TensorSpec.StateOf(model).Select(t => t with { Offset = model.ParameterCount + t.Offset }));
            foreach (var t in expected)
            {
                // The importer sized every tensor from the same shapes the analysis checked: a gap here is a bug, not bad input.
                if (!tensors.TryGetValue(t.Name, out var data) || data.Length != t.Length)
                    throw new InvalidOperationException($"the import holds {(data is null ? "no" : data.Length.ToString())} values for '{t.Name}' {t.ShapeText}");
                Array.Copy(data, 0, blob, t.Offset, t.Length);
            }
            var bytes = new byte[length * 4];
            Buffer.BlockCopy(blob, 0, bytes, 0, bytes.Length);
            if (!BitConverter.IsLittleEndian)
                for (int i = 0; i < bytes.Length; i += 4) Array.Reverse(bytes, i, 4);
            return new WeightsResult(request.Namespace, request.ClassName, Path.GetFileName(request.Path), Convert.ToBase64String(bytes),
                EquatableArray<DiagnosticInfo>.Empty, model.ParameterCount, model.StateLength);
        }
    }
}
