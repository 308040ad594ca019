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
}
