package dev.charlm.web;

import tools.jackson.databind.DatabindException;

/** Where in a JSON body Jackson failed, as the 400s name fields: {@code optimizer.learningRate}, {@code stop[2]}. */
public final class JsonPath {

    private JsonPath() {
    }

    /** The failing member's path; empty when Jackson gives none (the body itself). */
    public static String of(DatabindException e) {
        StringBuilder sb = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }
}
