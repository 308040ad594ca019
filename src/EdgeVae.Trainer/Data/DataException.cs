namespace EdgeVae.Trainer.Data;

/// <summary>A data file or data argument that cannot be used; the message says what, where and how to fix it.</summary>
public sealed class DataException(string message) : Exception(message);
