using System.Runtime.CompilerServices;
using NetGen.Batching;

namespace NetGen.Runtime.Tests;

public class LayerTeamTests
{
    /// <summary>Runs a team once and forgets it, as a network dropped with Threads = 2 does (generated networks are not disposable).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference Forgotten(int[] seen)
    {
        var team = new LayerTeam(2);
        team.Run(part => Interlocked.Increment(ref seen[part]));
        return new WeakReference(team);
    }

    [Fact]
    public void A_forgotten_team_is_collected_and_its_threads_are_released()
    {
        var seen = new int[2];
        var team = Forgotten(seen);
        Assert.Equal([1, 1], seen);   // both parts ran
        for (int i = 0; i < 10 && team.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        // Its parked thread must not keep it reachable: else every such network would leak a thread for good.
        Assert.False(team.IsAlive);
    }

    [Fact]
    public void A_disposed_team_refuses_to_run()
    {
        var team = new LayerTeam(2);
        team.Dispose();
        team.Dispose();   // twice is harmless
        Assert.Throws<ObjectDisposedException>(() => team.Run(_ => { }));
    }
}
