using EdgeVae;

namespace EdgeVae.Bench.Inference;

/// <summary>The motor model compiled by the generator at int8.</summary>
[EdgeVaeModel("motor.evae", Precision = EdgeVaePrecision.Int8)]
public static partial class MotorInt8;

/// <summary>The same model compiled at float32.</summary>
[EdgeVaeModel("motor.evae", Precision = EdgeVaePrecision.Float32)]
public static partial class MotorFloat32;

/// <summary>The convolutional motor model (bench/models/motor-conv.evae) at int8.</summary>
[EdgeVaeModel("motor-conv.evae", Precision = EdgeVaePrecision.Int8)]
public static partial class MotorConvInt8;

/// <summary>The convolutional motor model at float32.</summary>
[EdgeVaeModel("motor-conv.evae", Precision = EdgeVaePrecision.Float32)]
public static partial class MotorConvFloat32;
