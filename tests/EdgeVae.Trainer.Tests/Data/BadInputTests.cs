using EdgeVae.Trainer.Data;

namespace EdgeVae.Trainer.Tests.Data;

/// <summary>Broken data files get a <see cref="DataException"/> that names the file (and line) and the problem.</summary>
public class BadInputTests
{
    private static string Write(string name, byte[] content)
    {
        string path = TestData.TempPath(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return path;
    }

    private static string Write(string name, string content) => Write(name, System.Text.Encoding.UTF8.GetBytes(content));

    [Theory]
    [InlineData("a,b\n1,2\n3\n", null, ":3: 1 cells, but the header has 2 columns")]
    [InlineData("a,b\n1,x\n", null, ":2: \"x\" in column \"b\" is not a number")]
    [InlineData("a,b\n1,NaN\n", null, "column \"b\" holds NaN")]
    [InlineData("a,b\n1,2\n", "label", "no column \"label\"")]
    [InlineData("a,label\n1,-1\n", "label", "the labels in column \"label\" are text (-1); say which one is normal with --normal-label NAME")]
    [InlineData("", null, "the file is empty")]
    [InlineData("a,b\n", null, "a header but no data rows")]
    public void Csv_errors_say_where_and_what(string content, string? labelColumn, string expected)
    {
        string path = Write("x.csv", content);
        var e = Assert.Throws<DataException>(() => CsvReader.Load(path, new DataOptions { LabelColumn = labelColumn, Window = 0, Hop = 1, WindowChosen = true }));
        Assert.Contains(path, e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Csv_windows_label_a_window_anomalous_when_any_row_is()
    {
        var rows = string.Join('\n', Enumerable.Range(0, 10).Select(i => $"{i},{10 * i},{(i == 7 ? 2 : 0)}"));
        string path = Write("w.csv", "x,y,label\n" + rows + "\n");
        var d = CsvReader.Load(path, new DataOptions { LabelColumn = "label", Window = 4, Hop = 2, WindowChosen = true });
        Assert.Equal(4, d.Count); // starts 0, 2, 4, 6
        Assert.Equal(8, d.Width);
        Assert.Equal([0, 0, 2, 2], d.Labels!);
        Assert.Equal([4f, 40f, 5f, 50f], d.Row(2)[..4].ToArray());
    }

    private static byte[] Idx(byte type, int[] dims, int dataBytes)
    {
        var b = new List<byte> { 0, 0, type, (byte)dims.Length };
        foreach (int d in dims) b.AddRange(BitConverter.GetBytes(d).Reverse());
        b.AddRange(new byte[dataBytes]);
        return b.ToArray();
    }

    [Fact]
    public void Idx_errors_say_what_is_wrong()
    {
        Assert.Contains("not an IDX file", Assert.Throws<DataException>(() => IdxReader.Read(Write("a.idx", [1, 2, 3, 4, 5]))).Message);
        Assert.Contains("truncated", Assert.Throws<DataException>(() => IdxReader.Read(Write("b.idx", Idx(8, [3, 2, 2], 11)))).Message);
        Assert.Contains("element type 0x0D", Assert.Throws<DataException>(() => IdxReader.Read(Write("c.idx", Idx(0x0D, [3], 12)))).Message);
        string gz = Write("d.idx.gz", [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 0xFF, 0xFF, 0xFF, 0xFF]);
        Assert.Contains(gz, Assert.Throws<DataException>(() => IdxReader.Read(gz)).Message);
        var (shape, data) = IdxReader.Read(Write("e.idx", Idx(8, [3, 2, 2], 12)));
        Assert.Equal([3, 2, 2], shape);
        Assert.Equal(12, data.Length);
        string images = Write("f.idx", Idx(8, [3, 2, 2], 12)), labels = Write("g.idx", Idx(8, [4], 4));
        Assert.Contains("3 samples but", Assert.Throws<DataException>(() => IdxReader.ReadPair(images, labels, "x")).Message);
    }

    private static byte[] Npy(string header, int dataBytes)
    {
        var h = System.Text.Encoding.ASCII.GetBytes(header);
        var b = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0 };
        b.AddRange(BitConverter.GetBytes((ushort)h.Length));
        b.AddRange(h);
        b.AddRange(new byte[dataBytes]);
        return b.ToArray();
    }

    [Fact]
    public void Npy_errors_say_what_is_wrong()
    {
        Assert.Contains("not a .npy file", Assert.Throws<DataException>(() => NpyReader.Read(Write("a.npy", "hello world"))).Message);
        Assert.Contains("Fortran-order", Assert.Throws<DataException>(() => NpyReader.Read(Write("b.npy", Npy("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", 24)))).Message);
        Assert.Contains("truncated", Assert.Throws<DataException>(() => NpyReader.Read(Write("c.npy", Npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", 20)))).Message);
        Assert.Contains("dtype '<c8' is not supported", Assert.Throws<DataException>(() => NpyReader.Read(Write("d.npy", Npy("{'descr': '<c8', 'fortran_order': False, 'shape': (2,), }", 16)))).Message);
        var (shape, data) = NpyReader.Read(Write("e.npy", Npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", 48)));
        Assert.Equal([2, 3], shape);
        Assert.Equal(6, data.Length);
    }

    [Fact]
    public void Npy_headers_with_huge_shapes_or_lengths_are_refused_not_overflowed()
    {
        // Shapes whose element count overflows 64 bits, and one that merely exceeds the file.
        foreach (var shape in new[] { "(2147483647, 2147483647, 2147483647)", "(4294967296, 4294967296)", "(100000, 100000)" })
        {
            string path = Write($"s{shape.Length}.npy", Npy($"{{'descr': '<f8', 'fortran_order': False, 'shape': {shape}, }}", 64));
            var e = Assert.Throws<DataException>(() => NpyReader.Read(path));
            Assert.Contains(path, e.Message);
        }
        // Version 2 with a header length near 4 GB (as uint32: past int.MaxValue) in a 40-byte file.
        var v2 = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 2, 0 };
        v2.AddRange(BitConverter.GetBytes(0xFFFFFFF0u));
        v2.AddRange(new byte[28]);
        string big = Write("v2.npy", v2.ToArray());
        Assert.Contains("header says it is 4294967280 bytes", Assert.Throws<DataException>(() => NpyReader.Read(big)).Message);
        // float64 values beyond float32's range are refused where training would make them infinite.
        var values = Npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), }", 0).Concat(BitConverter.GetBytes(1.0)).Concat(BitConverter.GetBytes(1e300)).ToArray();
        Assert.Contains("outside the float32 range", Assert.Throws<DataException>(() => NpyReader.Load(Write("range.npy", values), null)).Message);
    }

    [Fact]
    public void Unknown_sources_and_missing_paths_are_explained()
    {
        Assert.Contains("Unknown data source", Assert.Throws<DataException>(() => DataSources.Load("motor", new DataOptions())).Message);
        Assert.Contains("no such CSV file", Assert.Throws<DataException>(() => DataSources.Load("csv:/nonexistent/x.csv", new DataOptions())).Message);
        Assert.Contains("no training sample has label 99", Assert.Throws<DataException>(() => DataSources.Load("builtin:motor", new DataOptions { NormalClass = 99 })).Message);
    }
}
