using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using NetGen.Generator.Common;
using NetGen.Generator.Diagnostics;

namespace NetGen.Generator.Weights
{
    /// <summary>Finds a [Weights] file among the AdditionalFiles, reads it and checks it against the network.</summary>
    internal static class WeightsLoader
    {
        public static WeightsFile Read(AdditionalText text, CancellationToken cancellationToken)
        {
            try
            {
                // AdditionalText only offers decoded text and safetensors is binary, so read the bytes of the file the
                // compiler already tracks: an edit to it still re-runs this step (the AdditionalText changes).
#pragma warning disable RS1035 // File IO: see above.
                var info = new FileInfo(text.Path);
                if (info.Length > SafeTensorsChecker.MaxWeightBytes + SafeTensorsChecker.MaxHeaderBytes + 8)
                    return new WeightsFile(text.Path, null, $"the file has {info.Length} bytes; NetGen embeds at most {SafeTensorsChecker.MaxWeightBytes >> 20} MB of weights");
                byte[] bytes = File.ReadAllBytes(text.Path);
#pragma warning restore RS1035
                return new WeightsFile(text.Path, Convert.ToBase64String(bytes), null);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return new WeightsFile(text.Path, null, e.Message);
            }
        }

        public static WeightsResult Resolve(WeightsRequest request, ImmutableArray<WeightsFile> files)
        {
            var diagnostics = new List<DiagnosticInfo>();
            int parameters = request.ParameterCount;
            WeightsResult Result(string? base64) => new(request.Namespace, request.ClassName, Path.GetFileName(request.Path), base64,
                diagnostics.ToEquatableArray(), parameters, request.BlobLength - parameters);

            string wanted = request.Path.Replace('\\', '/');
            var file = files.FirstOrDefault(f =>
            {
                string path = f.Path.Replace('\\', '/');
                return path == wanted || path.EndsWith("/" + wanted, StringComparison.Ordinal);
            });
            if (file is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WeightsFileNotFound, request.Location, request.ClassName, request.Path));
                return Result(null);
            }
            if (file.Base64 is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WeightsFileInvalid, request.Location, request.ClassName, request.Path, file.ReadError ?? "unreadable"));
                return Result(null);
            }
            if ((long)request.BlobLength * 4 > SafeTensorsChecker.MaxWeightBytes)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WeightsTooLarge, request.Location, request.ClassName, (long)request.BlobLength * 4, SafeTensorsChecker.MaxWeightBytes));
                return Result(null);
            }

            var mismatches = new List<string>();
            byte[]? blob = SafeTensorsChecker.Check(Convert.FromBase64String(file.Base64), request.Tensors.ToList(), request.BlobLength,
                request.Architecture, out string? problem, mismatches);
            if (problem is not null)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WeightsFileInvalid, request.Location, request.ClassName, request.Path, problem));
            foreach (var mismatch in mismatches)
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.WeightsMismatch, request.Location, request.ClassName, request.Path, mismatch));
            return Result(blob is null || diagnostics.Count > 0 ? null : Convert.ToBase64String(blob));
        }
    }
}
