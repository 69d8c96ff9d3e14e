using System.Collections.Generic;

namespace NetGen.Generator.Parsing
{
    /// <summary>
    /// Every name the generated files use unqualified, with the namespace its using directive imports it from (null: a
    /// root namespace, such as System in System.Diagnostics.Stopwatch). A test compiles the generated code of every
    /// sample network and checks this list is complete. Namespace "" marks a contextual keyword (the constraint
    /// "unmanaged"), which any type of that name in scope would replace.
    /// </summary>
    internal sealed record GeneratedReferences(string Name, string? Namespace)
    {
        public string FullName => string.IsNullOrEmpty(Namespace) ? Name : Namespace + "." + Name;

        public static readonly IReadOnlyList<GeneratedReferences> All = new GeneratedReferences[]
        {
            new("System", null), new("NetGen", null), new("unmanaged", ""),
            new("Span", "System"), new("ReadOnlySpan", "System"), new("Math", "System"), new("MathF", "System"),
            new("ArgumentException", "System"), new("InvalidOperationException", "System"), new("BitConverter", "System"),
            new("MemoryExtensions", "System"),
            new("OperationStatus", "System.Buffers"),
            new("IReadOnlyList", "System.Collections.Generic"),
            new("Unsafe", "System.Runtime.CompilerServices"), new("MethodImpl", "System.Runtime.CompilerServices"),
            new("MethodImplAttribute", "System.Runtime.CompilerServices"), new("MethodImplOptions", "System.Runtime.CompilerServices"),
            new("MemoryMarshal", "System.Runtime.InteropServices"),
            new("Vector512", "System.Runtime.Intrinsics"), new("Vector256", "System.Runtime.Intrinsics"), new("Vector128", "System.Runtime.Intrinsics"),
            new("INetwork", "NetGen"), new("Isa", "NetGen"), new("NetworkSummary", "NetGen"), new("LayerSummary", "NetGen"),
            new("ParameterTensor", "NetGen"), new("LayerDescription", "NetGen"), new("LayerType", "NetGen"), new("Activation", "NetGen"),
            new("Initialization", "NetGen"), new("NetworkProfile", "NetGen"), new("LayerTiming", "NetGen"),
            new("AlignedFloats", "NetGen.Kernels"), new("Vectors", "NetGen.Kernels"), new("Vec512", "NetGen.Kernels"),
            new("Vec256", "NetGen.Kernels"), new("Vec128", "NetGen.Kernels"), new("Scalar", "NetGen.Kernels"), new("IVec", "NetGen.Kernels"),
            new("Activations", "NetGen.Kernels"), new("GroupedConnections", "NetGen.Kernels"),
        };

        /// <summary>
        /// The extension methods the generated code calls (all System.MemoryExtensions'): one of the same name in an
        /// enclosing namespace is searched first and would be bound instead.
        /// </summary>
        public static readonly IReadOnlyList<string> ExtensionMethods = new[] { "AsSpan", "Reverse" };
    }
}
