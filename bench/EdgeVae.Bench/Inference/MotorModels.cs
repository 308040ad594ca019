using EdgeVae;

namespace EdgeVae.Bench.Inference;

/// <summary>The motor model compiled by the generator at int8.</summary>
[EdgeVaeModel("motor.evae", Precision = EdgeVaePrecision.Int8)]
public static partial class MotorInt8;

/// <summary>The same model compiled at float32.</summary>
[EdgeVaeModel("motor.evae", Precision = EdgeVaePrecision.Float32)]
public static partial class MotorFloat32;
