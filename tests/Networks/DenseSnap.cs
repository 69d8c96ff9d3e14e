using NetGen;

namespace NetGen.Tests.Networks;

/// <summary>
/// A dense block reading the network input (its region grows the input's in place) and a transition: the snapshot of
/// the concatenations that copy nothing and add the norm1 gradient slot.
/// </summary>
[Network(2, 5, 5)]
[DenseBlock(2, 2, BottleneckWidth = 1, Name = "block")]   // 2 + 2 x 2 = 6@5x5
[Transition(3, Name = "transition")]                      // 3@2x2
[Dense(2, Name = "fc")]
public partial class DenseSnap { }
