using System.Reflection.Emit;

namespace EdgeVae.NanoFramework.Tests;

/// <summary>Each construct nanoFramework 1.x rejects is caught by the IL scan.</summary>
public class IlScanNegativeTests
{
    [Theory]
    [InlineData("class G<T> { T v; }", "generic parameter")]
    [InlineData("class C { System.Collections.Generic.List<int> l = new System.Collections.Generic.List<int>(); }", "generic instantiation")]
    [InlineData("class C { static T Id<T>(T x) => x; int F() => Id(1); }", "generic method instantiation")]
    [InlineData("unsafe class C { int F(int* p) { int* q = p + 1; return *q; } }", "pointer type")]
    [InlineData("unsafe class C { int F(int[] a) { fixed (int* p = a) return *p; } }", "pinned local")]
    [InlineData("class C { float[,] m = new float[2, 2]; }", "multi-dimensional array")]
    [InlineData("unsafe class C { int F() { int* p = stackalloc int[4]; p[0] = 1; return p[0]; } }", "localloc")]
    [InlineData("unsafe class C { static int G(int x) => x; int F() { delegate*<int, int> f = &G; return f(1); } }", "calli")]
    public void Rejected_constructs_are_found(string snippet, string expected)
    {
        var problems = NanoFrameworkBuild.Scan(NanoFrameworkBuild.CompileForDesktop(snippet, allowUnsafe: true));
        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void More_than_255_locals_are_found()
    {
        var body = string.Join("\n", Enumerable.Range(0, 300).Select(i => $"int v{i} = x * {i}; x += v{i} ^ (x >> 3);"));
        var problems = NanoFrameworkBuild.Scan(NanoFrameworkBuild.CompileForDesktop($"class C {{ int F(int x) {{ {body} return x; }} }}"));
        Assert.Contains(problems, p => p.Contains("locals in C.F (limit 255)", StringComparison.Ordinal));
    }

    [Fact]
    public void Il_over_64_kilobytes_and_large_initializers_are_found()
    {
        var statements = string.Join("\n", Enumerable.Range(0, 9000).Select(i => $"x = x * {i + 3} + {i};"));
        var big = NanoFrameworkBuild.Scan(NanoFrameworkBuild.CompileForDesktop($"class C {{ int F(int x) {{ {statements} return x; }} }}"));
        Assert.Contains(big, p => p.Contains("bytes of IL (limit 65535)", StringComparison.Ordinal));
        var values = string.Join(",", Enumerable.Range(0, 70_000).Select(i => (i * 7 % 256).ToString()));
        var init = NanoFrameworkBuild.Scan(NanoFrameworkBuild.CompileForDesktop($"class C {{ static readonly byte[] B = new byte[] {{ {values} }}; }}"));
        Assert.Contains(init, p => p.Contains("initializer blob of 70000 bytes", StringComparison.Ordinal));
    }

    [Fact]
    public void Opcodes_csharp_cannot_express_are_recognised_in_raw_il()
    {
        // ldarg.0; ckfinite; readonly. ldelema <token>; cpblk; initblk; ret
        byte[] il = [0x02, 0xC3, 0xFE, 0x1E, 0x8F, 1, 0, 0, 0x1B, 0xFE, 0x17, 0xFE, 0x18, 0x2A];
        Assert.Equal(["ckfinite", "readonly.", "cpblk", "initblk"], NanoFrameworkBuild.RejectedOpcodes(il).ToArray());
        Assert.Equal((short)0xC3, OpCodes.Ckfinite.Value);
    }
}
