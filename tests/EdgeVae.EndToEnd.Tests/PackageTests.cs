using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace EdgeVae.EndToEnd.Tests;

/// <summary>
/// <c>dotnet pack</c> produces EdgeVae.Generator (an analyzer with its attribute), EdgeVae.Runtime and the EdgeVae.Contract it
/// depends on, and a fresh
/// project outside this repository consumes both from a local folder feed, generates a model and runs it.
/// </summary>
public class PackageTests
{
    private static (int Code, string Output) Dotnet(string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    private static string RepositoryRoot([CallerFilePath] string self = "")
    {
        // CI builds map source paths to /_/, so walk up from the test binary instead.
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EdgeVae.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException($"EdgeVae.sln not found above {AppContext.BaseDirectory} ({self}).");
    }

    [Fact]
    public void Packed_generator_and_runtime_build_and_run_a_fresh_project()
    {
        string root = RepositoryRoot();
        string work = Path.Combine(Path.GetTempPath(), "edgevae-package-" + Guid.NewGuid().ToString("N"));
        string feed = Path.Combine(work, "feed"), app = Path.Combine(work, "app");
        Directory.CreateDirectory(app);
        string version = "0.1.0-test" + DateTime.UtcNow.Ticks;
        foreach (var project in new[] { "src/EdgeVae.Generator/EdgeVae.Generator.csproj", "src/EdgeVae.Contract/EdgeVae.Contract.csproj", "src/EdgeVae.Runtime/EdgeVae.Runtime.csproj" })
        {
            var pack = Dotnet(root, "pack", project, "-c", "Release", "-o", feed, $"-p:Version={version}");
            Assert.True(pack.Code == 0, pack.Output);
        }
        File.Copy(Path.Combine(root, "firmware-samples/NativeAotMonitor/motor.evae"), Path.Combine(app, "motor.evae"));
        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        // The machine's other sources (nuget.org or its mirror) stay in effect for System.Numerics.Tensors.
        File.WriteAllText(Path.Combine(app, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="EdgeVae.Generator" Version="{version}" PrivateAssets="all" />
                <PackageReference Include="EdgeVae.Runtime" Version="{version}" />
                <AdditionalFiles Include="motor.evae" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using EdgeVae;
            var window = new float[Motor.InputLength];
            for (int i = 0; i < window.Length; i++) window[i] = i % 4 == 3 ? 5f * System.MathF.Sin(i * 0.05f) : 0.01f * (i % 7);
            System.Console.WriteLine($"inputs {Motor.InputLength} latent {Motor.LatentLength} score {Motor.Score(window):R} anomaly {Motor.IsAnomaly(window)}");
            [EdgeVaeModel("motor.evae")]
            static partial class Motor;
            """);
        // The model's size at the default verbosity, from the targets the package brings (a message: warnings are errors here).
        var build = Dotnet(app, "build", "-c", "Release");
        Assert.True(build.Code == 0, build.Output);
        Assert.Matches(@"EdgeVae: Motor, generated from motor\.evae \(denoising autoencoder, int8\): \d+ bytes flash, \d+ bytes RAM, 33792 MACs per inference", build.Output);
        var run = Dotnet(app, "run", "-c", "Release");
        Assert.True(run.Code == 0, run.Output);
        Assert.Matches(@"inputs 256 latent 8 score \d", run.Output);
        try { Directory.Delete(work, recursive: true); } catch (IOException) { }
    }

    /// <summary>README's walk-through, "Your own data, with the edgevae tool", as a user runs it: the tool packed, installed from a local feed, then each command.</summary>
    [Fact]
    public void The_edgevae_tool_installs_from_a_local_feed_and_runs_the_readme_walk_through()
    {
        string root = RepositoryRoot();
        string work = Path.Combine(Path.GetTempPath(), "edgevae-tool-" + Guid.NewGuid().ToString("N"));
        string feed = Path.Combine(work, "feed"), tools = Path.Combine(work, "tools");
        Directory.CreateDirectory(work);
        string version = "0.2.0-test" + DateTime.UtcNow.Ticks;
        var pack = Dotnet(root, "pack", "src/EdgeVae.Trainer", "-c", "Release", "-o", feed, $"-p:Version={version}");
        Assert.True(pack.Code == 0, pack.Output);
        var nupkg = Path.Combine(feed, $"edgevae.{version}.nupkg");
        using (var zip = System.IO.Compression.ZipFile.OpenRead(nupkg))
        {
            var names = zip.Entries.Select(e => e.FullName).ToHashSet();
            Assert.Contains("README.md", names);
            Assert.Contains("LICENSE", names);
            using var nuspec = new StreamReader(zip.GetEntry("edgevae.nuspec")!.Open());
            string text = nuspec.ReadToEnd();
            Assert.Contains("<license type=\"expression\">MIT</license>", text);
            Assert.Contains("<repository type=\"git\" url=\"https://github.com/edgevae/edgevae\"", text);
        }
        Assert.True(File.Exists(Path.ChangeExtension(nupkg, ".snupkg")), "no symbol package");
        var install = Dotnet(work, "tool", "install", "edgevae", "--tool-path", tools, "--add-source", feed, "--version", version);
        Assert.True(install.Code == 0, install.Output);

        // The walk-through's data: pumps.csv (training, with a few faults) and pumps-test.csv.
        static void Write(string path, int seed, int normal, int faulty)
        {
            var rng = new Random(seed);
            double G() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            var sb = new System.Text.StringBuilder("id,flow,pressure,power,temperature,status\n");
            for (int i = 0; i < normal + faulty; i++)
            {
                double f = G(), p = 0.8 * f + 0.3 * G(), w = f + p + 0.2 * G(), t = 0.5 * w + 0.3 * G();
                bool fault = i >= normal;
                if (fault) p += 3;
                sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"u{i},{f:F4},{p:F4},{w:F4},{t:F4},{(fault ? "clogged" : "normal")}\n");
            }
            File.WriteAllText(path, sb.ToString());
        }
        Write(Path.Combine(work, "pumps.csv"), 1, 2000, 40);
        Write(Path.Combine(work, "pumps-test.csv"), 2, 400, 100);
        string edgevae = Path.Combine(tools, "edgevae");
        (int Code, string Output, string Out) Tool(params string[] args)
        {
            var psi = new ProcessStartInfo(edgevae) { WorkingDirectory = work, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in args) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            var o = p.StandardOutput.ReadToEndAsync();
            var e = p.StandardError.ReadToEndAsync();
            Assert.True(p.WaitForExit(300_000));
            return (p.ExitCode, o.Result + e.Result, o.Result);
        }
        var train = Tool("train", "--data", "csv:pumps.csv", "--label-column", "status", "--ignore-columns", "id", "--test", "csv:pumps-test.csv",
            "--hidden", "16", "--latent", "2", "--epochs", "20", "-o", "pumps.evae");
        Assert.True(train.Code == 0, train.Output);
        Assert.Contains("a table, one sample per row", train.Output);
        Assert.Equal(0, Tool("calibrate", "pumps.evae", "--precision", "int8").Code);
        var eval = Tool("eval", "pumps.evae", "--precision", "int8", "--json");
        Assert.True(eval.Code == 0, eval.Output);
        var json = System.Text.Json.Nodes.JsonNode.Parse(eval.Out)!;
        Assert.Equal(500, json["n"]!.GetValue<int>());
        Assert.True(json["auroc"]!.GetValue<double>() > 0.9, eval.Output);
        // The pictures need SkiaSharp's native library, which the installed tool must carry.
        var report = Tool("report", "pumps.evae", "-o", "pumps-report");
        Assert.True(report.Code == 0, report.Output);
        foreach (var png in new[] { "roc.png", "pr.png", "errors.png", "reconstructions.png" })
            Assert.True(new FileInfo(Path.Combine(work, "pumps-report", png)).Length > 5000, png);
        Assert.Contains("## Error per column", File.ReadAllText(Path.Combine(work, "pumps-report", "report.md")));
        var emit = Tool("emit", "pumps.evae", "--class", "PumpModel", "-o", "PumpModel.cs");
        Assert.True(emit.Code == 0, emit.Output);
        Assert.Contains("public const string ChannelOrder = \"flow,pressure,power,temperature\";", File.ReadAllText(Path.Combine(work, "PumpModel.cs")));
        try { Directory.Delete(work, recursive: true); } catch (IOException) { }
    }
}
