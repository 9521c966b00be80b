namespace LedgerGrpc.Wire.Client.Internal;

/// <summary>A running call as its channel sees it: something to end when the channel is disposed.</summary>
internal interface IActiveCall
{
    void Cancel(Status status);
}
