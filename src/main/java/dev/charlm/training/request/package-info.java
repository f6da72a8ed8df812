/**
 * The training request's options: {@link dev.charlm.training.request.Options}, a nullable patch of
 * the engine's {@code TrainingConfig} with one record per option group, each field's bound beside it
 * (Bean Validation, shown by springdoc), the cross-field rules once each in {@link
 * dev.charlm.training.request.OptionRules}, and the one merge, {@code Options.over}.
 */
package dev.charlm.training.request;
