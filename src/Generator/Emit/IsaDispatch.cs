namespace NetGen.Generator.Emit
{
    /// <summary>
    /// The ISA dispatch of the generated class, in one place: which lane type (Vec512, Vec256, Vec128, Scalar) each Isa runs the
    /// kernels with, and how Auto resolves.
    /// </summary>
    internal static class IsaDispatch
    {
        /// <summary>A switch on <paramref name="selector"/> calling <paramref name="call"/> (written with &lt;V&gt;) with each lane type.</summary>
        public static void Switch(SourceWriter w, string selector, string call)
        {
            w.Open($"switch ({selector})");
            w.Line($"case Isa.Vector512: {call.Replace("<V>", "<Vec512>")}; break;");
            w.Line($"case Isa.Vector256: {call.Replace("<V>", "<Vec256>")}; break;");
            w.Line($"case Isa.Vector128: {call.Replace("<V>", "<Vec128>")}; break;");
            w.Line($"default: {call.Replace("<V>", "<Scalar>")}; break;");
            w.Close();
        }

        public static void ResolveIsa(SourceWriter w)
        {
            w.Line("/// <summary>The lane type the kernels run with: Isa if set, else the widest accelerated vector (JIT-time constants).</summary>");
            w.Line("private Isa ResolveIsa() => Isa != Isa.Auto ? Isa");
            w.Line("    : Vector512.IsHardwareAccelerated ? Isa.Vector512");
            w.Line("    : Vector256.IsHardwareAccelerated ? Isa.Vector256");
            w.Line("    : Vector128.IsHardwareAccelerated ? Isa.Vector128");
            w.Line("    : Isa.Scalar;");
            w.Line();
        }
    }
}
