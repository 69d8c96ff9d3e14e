using NetGen.Generator.Layers;
using NetGen.Generator.Model;

namespace NetGen.Generator.Emit
{
    /// <summary>
    /// The lecture's learned connections on a convolution: alpha[o][i] = softmax over i of connections[o][i], and the
    /// convolution runs with effective weights alpha[o][i] * weight[o][i]. Backward splits dE/d(effective weight) into
    /// dE/dweight = alpha * it and dE/dalpha = weight . it, then through the softmax Jacobian into dE/dconnections.
    /// </summary>
    internal static class ConnectionsEmitter
    {
        private static void Constants(SourceWriter w, LayerModel l)
        {
            w.Line($"const int OutC = {l.OutC}, InC = {l.InC}, KK = {l.Kernel * l.Kernel};");
            w.Line($"ref float alpha = ref At(_scratch, {l.ScratchAt(ConvRoom.Effective)});  // [OutC][InC]");
            w.Line($"ref float rawWeight = ref At(_parameters, {l.WeightOffset});  // [OutC][InC][K][K]");
        }

        /// <summary>The effective weights in scratch, after alpha [OutC][InC]; their gradient follows them.</summary>
        internal static int EffectiveWeights(LayerModel l) => l.ScratchAt(ConvRoom.Effective) + l.OutC * l.InC;

        /// <summary>Calls to put at the start of the convolution's forward and backward, and before its input gradient.</summary>
        public static void Mix(SourceWriter w, LayerModel l)
        {
            if (l.LearnsConnections) w.Line($"{l.Id}_MixConnections<V>();");
        }

        public static void ClearGradient(SourceWriter w, LayerModel l)
        {
            if (l.LearnsConnections) w.Line($"MemoryMarshal.CreateSpan(ref weightGradient, {l.WeightCount}).Clear();  // this pass's dE/d(effective weights)");
        }

        public static void Split(SourceWriter w, LayerModel l)
        {
            if (l.LearnsConnections) w.Line($"{l.Id}_SplitConnectionGradient<V>();");
        }

        public static void EmitMix(SourceWriter w, LayerModel l)
        {
            w.Line($"/// <summary>{l.Name}'s learned connections: alpha = softmax of each output map's logits over the inputs; effective weights = alpha * weights.</summary>");
            w.Open($"private void {l.Id}_MixConnections<V>() {KernelText.Constraint}");
            Constants(w, l);
            w.Line($"ref float logits = ref At(_parameters, {l.ParameterSlot(ConvRoom.Connections)!.Offset});  // [OutC][InC]");
            w.Line($"ref float effective = ref At(_scratch, {EffectiveWeights(l)});  // [OutC][InC][K][K]");
            w.Open("for (int o = 0; o < OutC; o++)");
            w.Line("Vectors.Softmax<V>(ref Unsafe.Add(ref logits, o * InC), ref Unsafe.Add(ref alpha, o * InC), InC);");
            w.Open("for (int i = 0; i < InC; i++)");
            w.Line("int block = (o * InC + i) * KK;");
            w.Line("MemoryMarshal.CreateSpan(ref Unsafe.Add(ref effective, block), KK).Clear();");
            w.Line("Vectors.AddScaled<V>(ref Unsafe.Add(ref effective, block), ref Unsafe.Add(ref rawWeight, block), Unsafe.Add(ref alpha, o * InC + i), KK);");
            w.Close();
            w.Close();
            w.Close();
            w.Line();
        }

        public static void EmitSplit(SourceWriter w, LayerModel l)
        {
            w.Line($"/// <summary>{l.Name}: dE/dweight = alpha * dE/deffective; dE/dconnections = alpha * (dE/dalpha - sum over inputs of alpha * dE/dalpha).</summary>");
            w.Open($"private void {l.Id}_SplitConnectionGradient<V>() {KernelText.Constraint}");
            Constants(w, l);
            w.Line($"ref float effectiveGradient = ref At(_scratch, {EffectiveWeights(l) + l.WeightCount});");
            w.Line($"ref float weightGradient = ref At(_gradients, {l.WeightOffset});");
            w.Line($"ref float logitGradient = ref At(_gradients, {l.ParameterSlot(ConvRoom.Connections)!.Offset});");
            w.Line("Span<float> alphaGradient = stackalloc float[InC];");
            w.Open("for (int o = 0; o < OutC; o++)");
            w.Line("float mean = 0f;  // sum over i of alpha * dE/dalpha");
            w.Open("for (int i = 0; i < InC; i++)");
            w.Line("int block = (o * InC + i) * KK;");
            w.Line("float a = Unsafe.Add(ref alpha, o * InC + i);");
            w.Line("alphaGradient[i] = Vectors.Dot<V>(ref Unsafe.Add(ref rawWeight, block), ref Unsafe.Add(ref effectiveGradient, block), KK);");
            w.Line("Vectors.AddScaled<V>(ref Unsafe.Add(ref weightGradient, block), ref Unsafe.Add(ref effectiveGradient, block), a, KK);");
            w.Line("mean += a * alphaGradient[i];");
            w.Close();
            w.Line("for (int i = 0; i < InC; i++)");
            w.Line("    Unsafe.Add(ref logitGradient, o * InC + i) += Unsafe.Add(ref alpha, o * InC + i) * (alphaGradient[i] - mean);");
            w.Close();
            w.Close();
            w.Line();
        }
    }
}
