using System;
using System.Collections.Generic;
using System.Linq;
using NetGen.Generator.Common;
using NetGen.Generator.Diagnostics;

namespace NetGen.Generator.Model
{
    /// <summary>
    /// The member names the generated class declares, so that no two layers (say `layer1_0_conv1` and the block layer
    /// `layer1.0.conv1`) and no layer and the class itself produce the same member: the compiler would reject the
    /// generated file, far from the attribute at fault.
    /// </summary>
    internal sealed class GeneratedMembers
    {
        /// <summary>
        /// The members of every network (NetworkEmitter, WeightsEmitter). A layer's own are "{Id}_" plus a suffix without
        /// '_' (its methods: Forward, Backward, tiles...), so two layers share one only if their ids are equal, and its
        /// table's "{Id}" + <see cref="TableSuffixes"/>.
        /// </summary>
        public static readonly string[] Fixed =
        {
            "At", "InputLength", "OutputLength", "ParameterCount", "Architecture", "ActivationLength", "OutputOffset",
            "_parameters", "_gradients", "_activations", "_activationGradients", "_scratch", "_state", "_dropoutState",
            "Parameters", "Gradients", "Isa", "Training", "BatchNormSync", "State", "StateTensors", "Summary", "ParameterTensors",
            "Profile", "ProfileLayers", "Layers", "ResolveIsa", "CheckLength", "Forward", "Backward", "ForwardLayers",
            "BackwardLayers", "IsTrainable", "InitializeParameters", "Pretrained", "EmbeddedWeights",
            // The kernels' type parameter: a class of that name cannot declare them (CS0694).
            "V",
        };

        /// <summary>ConvEmitter.EmitTable's members, after the layer id.</summary>
        public static readonly string[] TableSuffixes = { "Starts", "Inputs", "ByInputStarts", "ByInputBlocks", "ByInputOutputs" };

        private readonly Dictionary<string, string> _owners = new(StringComparer.Ordinal);

        private static IEnumerable<string> MembersOf(LayerModel l) =>
            new[] { l.Id + "_" }.Concat(l.HasTable ? TableSuffixes.Select(s => l.Id + s) : Enumerable.Empty<string>());

        /// <summary>Claims <paramref name="l"/>'s members, or reports the first that another layer already has.</summary>
        public bool Add(LayerModel l, LocationInfo? at, List<DiagnosticInfo> diagnostics)
        {
            foreach (var member in MembersOf(l))
                if (_owners.TryGetValue(member, out var owner))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MemberNameCollision, at, l.Name, Shown(member), $"that of layer '{owner}'"));
                    return false;
                }
            foreach (var member in MembersOf(l)) _owners[member] = l.Name;
            return true;
        }

        /// <summary>The generated member named <paramref name="name"/> (a family "{Id}_" for a layer's methods), or null.</summary>
        private string? Generated(string name) => Fixed.Contains(name) ? name
            : _owners.Keys.FirstOrDefault(m => m.EndsWith("_", StringComparison.Ordinal) ? name.StartsWith(m, StringComparison.Ordinal) : name == m);

        /// <summary>
        /// A class cannot declare a member of its own name (CS0542), nor two members of one name where one is not a
        /// method (CS0102), nor two constructors of one signature (CS0111). <paramref name="userMembers"/> are the class's
        /// own non-method members and, as ".ctor()" and ".ctor(int)", the constructors the generated ones would repeat.
        /// Reports each collision.
        /// </summary>
        public bool AllowsClass(string className, EquatableArray<string> userMembers, LocationInfo? at, List<DiagnosticInfo> diagnostics)
        {
            int before = diagnostics.Count;
            void Report(string member, string what) =>
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MemberNameCollision, at, className, member, what));
            string? own = Generated(className);
            if (own is not null)
                Report(Shown(own), _owners.TryGetValue(own, out var layer) ? $"the class name (a member of layer '{layer}')" : "the class name");
            foreach (string member in userMembers)
            {
                if (member.StartsWith(".ctor", StringComparison.Ordinal))
                {
                    Report(className + member.Substring(5), "the constructor the class declares");
                    continue;
                }
                string? generated = Generated(member);
                if (generated is not null) Report(Shown(generated), $"the member '{member}' the class declares");
            }
            return diagnostics.Count == before;
        }

        /// <summary>A method family "{Id}_" is shown as "{Id}_*".</summary>
        private static string Shown(string member) => member.EndsWith("_", StringComparison.Ordinal) ? member + "*" : member;
    }
}
