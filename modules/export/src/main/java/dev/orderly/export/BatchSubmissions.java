package dev.orderly.export;

import dev.orderly.core.bus.AuthClient;
import dev.orderly.core.bus.Caller;
import dev.orderly.core.bus.CallerSigning;
import dev.orderly.core.bus.Consumers;
import dev.orderly.core.bus.DroppedMessages;
import dev.orderly.core.bus.ExportClient;
import dev.orderly.core.bus.ExportMessages.JobRequest;
import dev.orderly.core.bus.ExportMessages.Submitted;
import dev.orderly.core.bus.RequestContext;
import dev.orderly.core.bus.ServiceError;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * Batch callers on the cluster: {@code {resource, format, filters, user_id}} on {@value ExportClient#SUBMIT_ADDRESS}
 * queues a job for that user (who must be active and hold {@code export} on the resource), answered with
 * {@code {"id"}}; failures as every service's ({@code msg.fail(status, body)}). As at every service address, the
 * request must carry a caller header signed with the deployment's key (any caller, anonymous included: the job
 * runs as {@code user_id}), else it is dropped unanswered: a batch caller is a process of the deployment, holding
 * its {@code SECRET_KEY} and a cluster certificate.
 */
final class BatchSubmissions {
  private final Vertx vertx;
  private final ExportJobs jobs;
  private final AuthClient auth;
  private final CallerSigning signing;

  BatchSubmissions(Vertx vertx, ExportJobs jobs, AuthClient auth, CallerSigning signing) {
    this.vertx = vertx;
    this.jobs = jobs;
    this.auth = auth;
    this.signing = signing;
  }

  Future<Void> register() {
    return vertx.eventBus().<Object>consumer(ExportClient.SUBMIT_ADDRESS, this::handle).completion();
  }

  private void handle(Message<Object> msg) {
    if (signing.canSign() && !signing.verifies(msg.headers())) {
      DroppedMessages.NODE.dropped(ExportClient.SUBMIT_ADDRESS, "submit");
      return;
    }
    Future<Submitted> result;
    try {
      result = submit(msg.body() instanceof JsonObject json ? json : new JsonObject());
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onComplete(ar -> {
      if (ar.succeeded()) {
        msg.reply(ar.result().toJson());
      } else {
        ServiceError error = Consumers.toServiceError(ar.cause());
        msg.fail(error.status(), error.body().encode());
      }
    });
  }

  private Future<Submitted> submit(JsonObject body) {
    JobRequest request = JobRequest.fromJson(body);
    if (request.userId() == null) return Future.failedFuture(ServiceError.invalid("user_id", "This field is required."));
    return auth.principal(request.userId(), RequestContext.anonymous("batch-submit", signing))
        .recover(e -> Future.failedFuture(ServiceError.invalid("user_id", "No such active user.")))
        .compose(principal -> {
          Caller caller = principal.toCaller();
          if (caller == null) return Future.failedFuture(ServiceError.invalid("user_id", "No such active user."));
          return jobs.submit(request, new RequestContext("batch-submit", caller, signing));
        })
        .map(job -> new Submitted(job.id()));
  }
}
