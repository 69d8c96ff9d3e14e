using NetGen;

namespace NetGen.Tests.Networks;

/// <summary>
/// The generated text of ShuffleNetV2's pieces, small enough to read (the generator snapshot): a stride-1 unit (the
/// split's two slice copies, branch2, the concatenation, the shuffle) and a standalone shuffle of 3 groups.
/// </summary>
[Network(6, 3, 4)]
[ShuffleUnit(6, Name = "unit")]        // 6@3x4: maps 0..2 copied, 3..5 through branch2
[ChannelShuffle(3, Name = "shuffle")]  // 6@3x4
[Dense(2, Name = "fc")]
public partial class ShuffleSnap { }
