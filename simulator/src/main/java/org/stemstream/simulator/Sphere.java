package org.stemstream.simulator;

/** A sphere of radius {@code radius} nm centred on the body origin; its chord is 2 sqrt(r^2 - rho^2). */
public record Sphere(double radius) implements Particle {

    @Override
    public String shape() {
        return "sphere";
    }

    @Override
    public double volume() {
        return 4.0 / 3.0 * Math.PI * radius * radius * radius;
    }

    @Override
    public double boundingRadius() {
        return radius;
    }
}
