using System.Collections.Immutable;
using System.Text;
using Xunit.Abstractions;
using NetGen.Generator.Common;
using NetGen.Generator.Onnx;
using NetGen.Generator.Parsing;

namespace NetGen.Generator.Tests.Onnx;

/// <summary>
/// ONNX's own backend test data (libonnx-testdata): every model through the importer; each accepted one compiled (all in
/// one compilation) and run on its test_data_set_0 input, compared with the expected output (1e-4 relative to the
/// output's largest value). The counts, and the refusals by diagnostic, are written to the test output.
/// </summary>
public class OnnxConformanceTests(ITestOutputHelper log)
{
    [Fact]
    public void Backend_test_models_import_and_match_their_expected_outputs_or_are_refused()
    {
        var accepted = new List<(string Path, string Class)>();
        var refusals = new Dictionary<string, int>();
        var refusedOperators = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var refusedModels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (string path in OnnxTestData.Models())
        {
            var request = new OnnxRequest("Conformance", "M" + accepted.Count, "public", "model.onnx", null, EquatableArray<string>.Empty);
            var result = OnnxImport.Resolve(request, [new OnnxFile(path, new FileBytes(File.ReadAllBytes(path)), null)]);
            Assert.DoesNotContain(result.Diagnostics, d => d.Descriptor.Id == "NG0019");
            if (result.Model is not null && !result.Diagnostics.Any()) accepted.Add((path, request.ClassName));
            else
            {
                foreach (var id in result.Diagnostics.Select(d => d.Descriptor.Id).Distinct())
                    refusals[id] = refusals.GetValueOrDefault(id) + 1;
                foreach (var op in result.Diagnostics.Where(d => d.Descriptor.Id == "NG0037").Select(d => d.Arguments[2]).Distinct())
                {
                    refusedOperators[op] = refusedOperators.GetValueOrDefault(op) + 1;
                    refusedModels[op] = refusedModels.GetValueOrDefault(op, "") + " " + Path.GetFileName(Path.GetDirectoryName(path));
                }
            }
        }

        // One compilation for every accepted model: each class reads its own AdditionalFiles item.
        var source = new StringBuilder("using NetGen;\nnamespace Conformance;\n");
        var files = new List<(string, byte[])>();
        for (int i = 0; i < accepted.Count; i++)
        {
            source.AppendLine($"[OnnxModel(\"m{i}.onnx\")] public partial class {accepted[i].Class} {{ }}");
            files.Add(($"m{i}.onnx", File.ReadAllBytes(accepted[i].Path)));
        }
        var assembly = OnnxCompiled.Load(source.ToString(), files, out _);

        int passed = 0;
        var failures = new List<string>();
        foreach (var (path, className) in accepted)
        {
            string data = Path.Combine(Path.GetDirectoryName(path)!, "test_data_set_0");
            var network = (INetwork)assembly.GetType("Conformance." + className)!.GetMethod("Pretrained")!.Invoke(null, null)!;
            Assert.True(OnnxReader.TryReadTensor(File.ReadAllBytes(Path.Combine(data, "input_0.pb")), out var input, out _));
            Assert.True(OnnxReader.TryReadTensor(File.ReadAllBytes(Path.Combine(data, "output_0.pb")), out var output, out _));
            float[] x = input!.ToFloats()!, expected = output!.ToFloats()!;
            int batch = (int)input.Dims[0];
            var actual = new List<float>();
            for (int n = 0; n < batch; n++)
                actual.AddRange(OnnxCompiled.Forward(network, x.AsSpan(n * network.InputLength, network.InputLength).ToArray()));
            float scale = Math.Max(1e-6f, expected.Max(Math.Abs));
            float error = expected.Length == actual.Count ? expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max() / scale : float.PositiveInfinity;
            string name = Path.GetRelativePath(OnnxTestData.Root, Path.GetDirectoryName(path)!);
            if (error <= 1e-4f) passed++;
            else failures.Add($"{name}: relative error {error}");
        }
        log.WriteLine($"{accepted.Count} imported: {passed} match, {failures.Count} do not");
        foreach (var f in failures) log.WriteLine("  " + f);
        log.WriteLine("refused (models per diagnostic id): " + string.Join(", ", refusals.OrderBy(r => r.Key).Select(r => $"{r.Key} {r.Value}")));
        log.WriteLine("operators refused (models): " + string.Join(", ", refusedOperators.Select(r => $"{r.Key} {r.Value}")));
        foreach (var (op, models) in refusedModels) log.WriteLine($"  {op}:{models}");
        log.WriteLine("imported: " + string.Join(", ", accepted.Select(a => Path.GetFileName(Path.GetDirectoryName(a.Path)))));
        Assert.Empty(failures);
        Assert.True(passed >= 10, $"only {passed} backend models import");
    }
}
