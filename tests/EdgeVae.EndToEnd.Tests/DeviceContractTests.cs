using EdgeVae.Compiler.Emitters;
using EdgeVae.Compiler.Emitters.NanoFramework;

namespace EdgeVae.EndToEnd.Tests;

/// <summary>The constants a device must match — sample rate, hop, channel order — from the model's data contract, in both flavors.</summary>
public class DeviceContractTests
{
    [Fact]
    public void The_generated_code_carries_the_sample_rate_the_hop_and_the_channel_order_of_the_training_data()
    {
        var model = TrainedModels.Motor; // builtin:motor: 1 kHz, 64-step windows every 32 steps
        var type = new GeneratedModel(model, "Int8").Type;
        Assert.Equal(1000.0, (double)type.GetField("SampleRateHz")!.GetValue(null)!);
        Assert.Equal(32, (int)type.GetField("Hop")!.GetValue(null)!);
        Assert.Equal("accel_x,accel_y,accel_z,current", (string)type.GetField("ChannelOrder")!.GetValue(null)!);
        string nano = NanoFrameworkEmitter.Emit(model, new EmitOptions("Device", "M", "public", EmitPrecision.Int8, EmitTarget.NanoFramework, "m.evae")).Source;
        Assert.Contains("public const double SampleRateHz = 1000.0;", nano);
        Assert.Contains("public const int Hop = 32;", nano);
        Assert.Contains("public const string ChannelOrder = \"accel_x,accel_y,accel_z,current\";", nano);
    }
}
