"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.NoopMetricsSink = void 0;
/** The default sink: measures nothing. */
class NoopMetricsSink {
    orderSubmitted(_brokerId, _orderType) { }
    orderAcknowledged(_brokerId, _latencyMs) { }
    orderFirstFill(_brokerId, _latencyMs) { }
    orderFinished(_brokerId, _status) { }
    fill(_brokerId, _symbol) { }
    connectionState(_brokerId, _state, _at) { }
    error(_brokerId, _code, _severity) { }
}
exports.NoopMetricsSink = NoopMetricsSink;
//# sourceMappingURL=metrics-sink.js.map